package org.keycities.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import jakarta.mail.MessagingException;
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
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Due deliveries go out in batches, each over one SMTP connection, and a message the mail
 * server refuses fails only its own delivery.
 */
@NotificationServiceTest
class BatchSendTests {

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

	/** For each address, the GreenMail connection of each message that reached it. */
	final Map<String, List<Thread>> connections = new ConcurrentHashMap<>();

	UserManager users;

	MessageDeliveryHandler delivering;

	@BeforeEach
	void setUp() {
		this.topic = new ActivityTopic(this.brokers);
		this.users = TestMailServer.server().getUserManager();
		this.delivering = this.users.getMessageDeliveryHandler();
	}

	@AfterEach
	void tearDown() {
		this.users.setMessageDeliveryHandler(this.delivering);
		this.topic.close();
	}

	@Test
	void dueDeliveriesGoOverOneConnectionAndARefusedMessageIsRetriedAlone() throws Exception {
		// the milestone is known before anyone subscribed, so no delivery exists yet
		MilestoneSnapshot milestone = Milestones.milestone(this.group);
		this.topic.publish(new MilestoneRecorded(milestone));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.milestones.existsById(milestone.id()));
		String refused = "refused-" + UUID.randomUUID() + "@council.gov.uk";
		List<String> addresses = List.of("first-" + UUID.randomUUID() + "@council.gov.uk", refused,
				"third-" + UUID.randomUUID() + "@council.gov.uk", "fourth-" + UUID.randomUUID() + "@council.gov.uk");
		// GreenMail handles each client connection on a new thread of its own, and
		// delivers a message on it before answering the end of DATA; an exception there
		// is answered 451, which the sender sees as a failed send of that message
		this.users.setMessageDeliveryHandler((message, address) -> {
			List<Thread> seen = this.connections.computeIfAbsent(address.getEmail().toLowerCase(),
					(a) -> new CopyOnWriteArrayList<>());
			seen.add(Thread.currentThread());
			if (address.getEmail().equalsIgnoreCase(refused) && seen.size() == 1) {
				throw new MessagingException("Mailbox busy, try again later");
			}
			return this.delivering.handle(message, address);
		});
		// deliveries all due at the same instant, so one sending loop claims them
		// together
		Instant due = Instant.now().plusSeconds(1);
		List<Document> documents = new ArrayList<>();
		for (String address : addresses) {
			String recipientId = TestRecipients.add(this.mvc, this.group, address, "");
			Delivery delivery = new Delivery(UUID.randomUUID().toString(),
					DeliveryRequest.key(DeliveryKind.IMMEDIATE, milestone.id(), "v0", recipientId), this.group,
					recipientId, address, DeliveryKind.IMMEDIATE, milestone.id(), 0L, "event-1", Instant.now(), null,
					null, Instant.now(), null);
			Document document = new Document();
			this.mongo.getConverter().write(delivery, document);
			document.put("nextAttemptAt", Date.from(due));
			documents.add(document);
		}
		this.mongo.getCollection("deliveries").insertMany(documents);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.deliveries.search(this.group, null, null, null, 10)).hasSize(4)
				.allSatisfy((d) -> assertThat(d.getStatus()).isEqualTo(DeliveryStatus.SENT)));
		// the first try of all four went over one connection
		assertThat(addresses.stream().map((a) -> this.connections.get(a).get(0)).distinct()).hasSize(1);
		for (String address : addresses) {
			assertThat(TestMailServer.receivedBy(address)).hasSize(1);
		}
		for (Delivery delivery : this.deliveries.search(this.group, null, null, null, 10)) {
			if (delivery.getEmail().equals(refused)) {
				// retried alone, in a later batch over a new connection
				assertThat(this.connections.get(refused)).hasSize(2).doesNotHaveDuplicates();
				assertThat(delivery.getAttemptLog()).extracting(Delivery.Attempt::outcome)
					.containsExactly(DeliveryStatus.RETRYING, DeliveryStatus.SENT);
				assertThat(delivery.getAttemptLog().get(0).error()).contains("451");
			}
			else {
				assertThat(this.connections.get(delivery.getEmail())).hasSize(1);
				assertThat(delivery.getAttemptLog()).extracting(Delivery.Attempt::outcome)
					.containsExactly(DeliveryStatus.SENT);
			}
		}
	}

}
