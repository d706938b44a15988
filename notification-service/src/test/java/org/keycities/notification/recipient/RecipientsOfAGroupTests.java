package org.keycities.notification.recipient;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneType;
import org.keycities.notification.NotificationServiceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group's subscribed recipients are found by the {@code member} key alone, with what
 * opening their deliveries needs, and recipients stored by an earlier version, without
 * that key, get it at start-up.
 */
@NotificationServiceTest
class RecipientsOfAGroupTests {

	@Autowired
	Subscribers subscribers;

	@Autowired
	RecipientUpgrade upgrade;

	@Autowired
	MongoTemplate mongo;

	final String group = "group." + UUID.randomUUID();

	@Test
	void aGroupsSubscribedRecipientsOnlyIncludingThoseStoredByAnEarlierVersionOnceUpgraded() {
		Recipient current = store(this.group, true, true);
		Recipient unsubscribed = store(this.group, false, true);
		Recipient earlier = store(this.group, true, false);
		// a dot in the group id is no pattern: this group is another one
		store(this.group.replace('.', 'x'), true, true);
		assertThat(this.subscribers.in(this.group)).containsExactly(new Subscriber(current.getId(), current.getEmail(),
				Frequency.WEEKLY_DIGEST, Set.of("LAUNCH", "SUBMISSION"), Set.of("Housing")));
		this.upgrade.afterPropertiesSet();
		assertThat(this.subscribers.in(this.group)).extracting(Subscriber::id)
			.containsExactlyInAnyOrder(current.getId(), earlier.getId());
		assertThat(unsubscribed.isSubscribed()).isFalse();
	}

	private Recipient store(String groupId, boolean subscribed, boolean withMemberKey) {
		Recipient recipient = new Recipient(UUID.randomUUID().toString(), groupId, Instant.now());
		recipient.describe("Test Council", "Test Person", UUID.randomUUID() + "@council.gov.uk",
				Set.of(MilestoneType.LAUNCH, MilestoneType.SUBMISSION), Set.of("Housing"), Frequency.WEEKLY_DIGEST);
		if (!subscribed) {
			recipient.unsubscribe(Instant.now());
		}
		Document document = new Document();
		this.mongo.getConverter().write(recipient, document);
		if (!withMemberKey) {
			// as an earlier version stored it
			document.remove("member");
		}
		this.mongo.getCollection("recipients").insertOne(document);
		return recipient;
	}

}
