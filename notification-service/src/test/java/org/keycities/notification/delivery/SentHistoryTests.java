package org.keycities.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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
		storeSentHistory();
		String run = UUID.randomUUID().toString().substring(0, 8);
		StringBuilder csv = new StringBuilder("council,name,email\n");
		IntStream.range(0, RECIPIENTS)
			.forEach((i) -> csv.append("Test Council,Reader ")
				.append(i)
				.append(",history-reader-")
				.append(i)
				.append('-')
				.append(run)
				.append("@council.gov.uk\n"));
		String imported = this.mvc
			.perform(post("/api/groups/" + this.group + "/recipients/import").with(httpBasic("officer", "officer"))
				.contentType("text/csv")
				.content(csv.toString()))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
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
		assertThat(this.deliveries.markSent(stalled, "late", "<p>late</p>", "late")).isFalse();
		assertThat(this.deliveries.postpone(stalled, Instant.now())).isFalse();
		Delivery sent = this.deliveries.find(claimed.getId()).orElseThrow();
		assertThat(sent.getStatus()).isEqualTo(DeliveryStatus.SENT);
		assertThat(sent.getSentAt()).isAfterOrEqualTo(leaseEnds);
		assertThat(sent.getLeaseToken()).isNull();
		assertThat(sent.getAttemptLog()).extracting(Delivery.Attempt::outcome).containsExactly(DeliveryStatus.SENT);
		Thread.sleep(500);
		assertThat(TestMailServer.receivedBy(late)).hasSize(1);
	}

	/**
	 * Deliveries sent long ago, with their HTML, as the log keeps them (stored as a
	 * service before this change stored them: with their last lease token).
	 */
	private void storeSentHistory() {
		String html = "<html><body>" + "<p>A milestone of some length, as an email would have it.</p>".repeat(60)
				+ "</body></html>";
		Date longAgo = Date.from(Instant.now().minus(Duration.ofDays(30)));
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < HISTORY; i++) {
			String recipientId = "old-reader-" + i;
			Delivery delivery = new Delivery(UUID.randomUUID().toString(),
					DeliveryRequest.key(DeliveryKind.IMMEDIATE, "old-milestone-" + (i / 100), "v1", recipientId),
					this.history, recipientId, recipientId + "@council.gov.uk", DeliveryKind.IMMEDIATE,
					"old-milestone-" + (i / 100), 1L, "old-event", Instant.now(), null, null, Instant.now(), null);
			Document document = new Document();
			this.mongo.getConverter().write(delivery, document);
			document.put("status", DeliveryStatus.SENT.name());
			document.put("attempts", 1);
			document.put("sentAt", longAgo);
			document.put("nextAttemptAt", longAgo);
			document.put("leaseToken", UUID.randomUUID().toString());
			document.put("subject", "An old milestone");
			document.put("html", html);
			document.put("text", "An old milestone");
			documents.add(document);
		}
		this.mongo.getCollection("deliveries").insertMany(documents);
	}

}
