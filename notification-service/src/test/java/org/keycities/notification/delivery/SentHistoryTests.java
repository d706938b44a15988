package org.keycities.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestMailServer;
import org.keycities.notification.TestRecipients;
import org.keycities.notification.ingest.KnownMilestones;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The whole service with a long history of sent emails stored as the service stored them
 * before claims were indexed (with their last lease token): new deliveries go out at once
 * and exactly once, and a sender that lost its lease cannot record. (The tests' in-memory
 * backend scans fast; {@link DeliveryLogHistoryTests} measures on the H2 backend.)
 */
@NotificationServiceTest
class SentHistoryTests {

	private static final int HISTORY = 3000;

	private static final int RECIPIENTS = 100;

	@Autowired
	MockMvc mvc;

	@Autowired
	DeliveryLog deliveries;

	@Autowired
	KnownMilestones milestones;

	@Autowired
	MongoTemplate mongo;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	ActivityTopic topic;

	final String group = "group-" + UUID.randomUUID();

	final String history = "history-" + UUID.randomUUID();

	@BeforeEach
	void openTopic() {
		this.topic = new ActivityTopic(this.brokers);
	}

	@AfterEach
	void cleanUp() {
		this.topic.close();
		// the other test classes share this database
		this.mongo.remove(Query.query(Criteria.where("groupId").is(this.history)), Delivery.class);
	}

	@Test
	void aLongSentHistoryDoesNotSlowSendingAndALostLeaseStillCannotRecord() throws Exception {
		DeliveryFixtures.storeSentHistory(this.mongo, this.history, HISTORY, 60);
		String imported = DeliveryFixtures.importRecipients(this.mvc, this.group, "history-reader", RECIPIENTS);
		List<String> addresses = JsonPath.read(imported, "$.recipients[*].email");
		assertThat(addresses).hasSize(RECIPIENTS);

		// the consumer opens one delivery per recipient and nudges the sender
		MilestoneSnapshot milestone = Milestones.milestone(this.group);
		long start = System.nanoTime();
		this.topic.publish(new MilestoneRecorded(milestone));
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(
					this.deliveries.search(this.group, DeliveryStatus.SENT, null, null, RECIPIENTS + 1))
				.hasSize(RECIPIENTS));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).as("%d emails took %s", RECIPIENTS, took).isLessThan(Duration.ofSeconds(5));
		for (String address : addresses) {
			assertThat(TestMailServer.receivedBy(address)).hasSize(1);
		}
		assertThat(this.deliveries.search(this.group, null, null, null, RECIPIENTS + 1)).hasSize(RECIPIENTS)
			.allSatisfy((d) -> assertThat(d.getAttemptLog()).extracting(Delivery.Attempt::outcome)
				.containsExactly(DeliveryStatus.SENT));

		// a sender claimed one more delivery and lost its lease (it stalled or crashed)
		String run = UUID.randomUUID().toString().substring(0, 8);
		String late = "late-" + run + "@council.gov.uk";
		String lateId = TestRecipients.add(this.mvc, this.group, late, "");
		Instant leaseEnds = Instant.now().plusSeconds(1);
		Delivery claimed = new Delivery(UUID.randomUUID().toString(),
				DeliveryRequest.key(DeliveryKind.IMMEDIATE, milestone.id(), "v0", lateId), this.group, lateId, late,
				DeliveryKind.IMMEDIATE, milestone.id(), 0L, "event-1", Instant.now(), null, null, Instant.now(), null);
		Document document = new Document();
		this.mongo.getConverter().write(claimed, document);
		document.put("status", DeliveryStatus.SENDING.name());
		document.put("leaseUntil", Date.from(leaseEnds));
		document.put("leaseToken", "stalled-" + run);
		this.mongo.getCollection("deliveries").insertOne(document);
		Delivery stalled = this.deliveries.find(claimed.getId()).orElseThrow();
		assertThat(stalled.getLeaseToken()).isEqualTo("stalled-" + run);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.deliveries.find(claimed.getId()).orElseThrow().getStatus())
				.isEqualTo(DeliveryStatus.SENT));
		assertThat(TestMailServer.receivedBy(late)).hasSize(1);
		// the stalled sender wakes up: it can record nothing any more
		assertThat(this.deliveries.markFailed(stalled, "late report", null)).isFalse();
		assertThat(this.deliveries.markSent(List.of(new DeliveryLog.Sent(stalled, "late", "<p>late</p>", "late"))))
			.isEmpty();
		assertThat(this.deliveries.postpone(stalled, Instant.now())).isFalse();
		Delivery sent = this.deliveries.find(claimed.getId()).orElseThrow();
		assertThat(sent.getStatus()).isEqualTo(DeliveryStatus.SENT);
		assertThat(sent.getSentAt()).isAfterOrEqualTo(leaseEnds);
		assertThat(sent.getLeaseToken()).isNull();
		assertThat(sent.getAttemptLog()).extracting(Delivery.Attempt::outcome).containsExactly(DeliveryStatus.SENT);
		Thread.sleep(500);
		assertThat(TestMailServer.receivedBy(late)).hasSize(1);
	}

}
