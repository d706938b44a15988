package org.keycities.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.bson.Document;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.notification.Mail;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestMailServer;
import org.keycities.notification.TestRecipients;
import org.keycities.notification.ingest.KnownMilestones;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sender that crashed mid-send leaves a claim; once its lease runs out, another sends.
 */
@NotificationServiceTest
class AbandonedSendTests {

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

	@BeforeEach
	void openTopic() {
		this.topic = new ActivityTopic(this.brokers);
	}

	@AfterEach
	void closeTopic() {
		this.topic.close();
	}

	@Test
	void deliveryClaimedByACrashedSenderIsSentOnceItsLeaseRunsOutWithTheSameMessageId() throws Exception {
		// the milestone is known before anyone subscribed, so no delivery exists yet
		MilestoneSnapshot milestone = Milestones.milestone(this.group);
		this.topic.publish(new MilestoneRecorded(milestone));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.milestones.existsById(milestone.id()));
		String reader = "reader-" + UUID.randomUUID() + "@council.gov.uk";
		String readerId = TestRecipients.add(this.mvc, this.group, reader, "");
		// what a sender leaves behind when it dies after claiming, maybe after sending
		Instant leaseEnds = Instant.now().plusSeconds(2);
		Delivery claimed = new Delivery(UUID.randomUUID().toString(),
				DeliveryRequest.key(DeliveryKind.IMMEDIATE, milestone.id(), "v0", readerId), this.group, readerId,
				reader, DeliveryKind.IMMEDIATE, milestone.id(), 0L, "event-1", Instant.now(), null, null, Instant.now(),
				null);
		Document document = new Document();
		this.mongo.getConverter().write(claimed, document);
		document.put("status", DeliveryStatus.SENDING.name());
		document.put("leaseUntil", Date.from(leaseEnds));
		document.put("leaseToken", "crashed-sender");
		this.mongo.getCollection("deliveries").insertOne(document);

		Thread.sleep(1000);
		assertThat(TestMailServer.receivedBy(reader)).isEmpty();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TestMailServer.receivedBy(reader)).hasSize(1));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !this.deliveries.search(this.group, DeliveryStatus.SENT, readerId, null, 1).isEmpty());
		Delivery sent = this.deliveries.search(this.group, DeliveryStatus.SENT, readerId, null, 1).get(0);
		assertThat(sent.getSentAt()).isAfterOrEqualTo(leaseEnds);
		assertThat(Mail.header(TestMailServer.receivedBy(reader).get(0), "Message-ID")).isEqualTo(sent.getMessageId());
		// a late report from the crashed sender cannot overwrite the outcome
		assertThat(this.deliveries.search(this.group, null, readerId, null, 10)).singleElement()
			.satisfies((d) -> assertThat(d.getStatus()).isEqualTo(DeliveryStatus.SENT));
	}

}
