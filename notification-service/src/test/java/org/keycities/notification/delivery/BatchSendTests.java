package org.keycities.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.jayway.jsonpath.JsonPath;
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
import org.keycities.notification.config.NotificationSettings;
import org.keycities.notification.ingest.KnownMilestones;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.InMemoryMongo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Due deliveries go out in batches, each over one SMTP connection, several batches at
 * once over as many connections, and a message the mail server refuses fails only its own
 * delivery.
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

	@Autowired
	NotificationSettings settings;

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
		InMemoryMongo.refuseNext(null);
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
		Map<String, String> addressById = new LinkedHashMap<>();
		for (String address : addresses) {
			addressById.put(TestRecipients.add(this.mvc, this.group, address, ""), address);
		}
		openDueTogether(milestone.id(), addressById);

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

	@Test
	void batchesGoOutOverSeveralConnectionsAtOnceAndEveryRecipientGetsExactlyOneEmail() throws Exception {
		NotificationSettings.Sender sender = this.settings.sender();
		assertThat(sender.connections()).isGreaterThan(1);
		// three full batches: the sending loop hands them to its sender threads one after
		// the other, without waiting for the first to be sent
		int count = 3 * sender.batchSize();
		MilestoneSnapshot milestone = Milestones.milestone(this.group);
		this.topic.publish(new MilestoneRecorded(milestone));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.milestones.existsById(milestone.id()));
		String imported = DeliveryFixtures.importRecipients(this.mvc, this.group, "reader", count);
		List<String> ids = JsonPath.read(imported, "$.recipients[*].id");
		List<String> addresses = JsonPath.read(imported, "$.recipients[*].email");
		assertThat(addresses).hasSize(count);
		// GreenMail takes in one message at a time (its SMTP manager is synchronized), on
		// the thread of the connection it came over; the pause lets a message of another
		// open connection queue up meanwhile, so connections open at once interleave
		List<Thread> order = new CopyOnWriteArrayList<>();
		this.users.setMessageDeliveryHandler((message, address) -> {
			if (addresses.contains(address.getEmail())) {
				order.add(Thread.currentThread());
				this.connections.computeIfAbsent(address.getEmail(), (a) -> new CopyOnWriteArrayList<>())
					.add(Thread.currentThread());
				pause(Duration.ofMillis(10));
			}
			return this.delivering.handle(message, address);
		});
		Map<String, String> addressById = new LinkedHashMap<>();
		IntStream.range(0, count).forEach((i) -> addressById.put(ids.get(i), addresses.get(i)));
		openDueTogether(milestone.id(), addressById);

		awaitAllSent(count);
		for (String address : addresses) {
			assertThat(TestMailServer.receivedBy(address)).hasSize(1);
			assertThat(this.connections.get(address)).hasSize(1);
		}
		assertThat(this.deliveries.search(this.group, null, null, null, count + 1))
			.allSatisfy((d) -> assertThat(d.getAttemptLog()).extracting(Delivery.Attempt::outcome)
				.containsExactly(DeliveryStatus.SENT));
		// more than one connection was open at the same time, and never more than the
		// sender threads
		assertThat(mostOpenAtOnce(order)).isGreaterThan(1).isLessThanOrEqualTo(sender.connections());
	}

	/**
	 * A milestone of a group larger than one write of deliveries (a hundred): the
	 * deliveries are opened a hundred at a time, the sender nudged after each, and every
	 * recipient gets exactly one email.
	 */
	@Test
	void aLargeGroupsEmailsAreOpenedInSeveralWritesAndEachRecipientGetsOne() throws Exception {
		int count = 250;
		String imported = DeliveryFixtures.importRecipients(this.mvc, this.group, "member", count);
		List<String> addresses = JsonPath.read(imported, "$.recipients[*].email");
		assertThat(addresses).hasSize(count);

		this.topic.publish(new MilestoneRecorded(Milestones.milestone(this.group)));

		awaitAllSent(count);
		for (String address : addresses) {
			assertThat(TestMailServer.receivedBy(address)).hasSize(1);
		}
	}

	/**
	 * When the one write that records a batch's emails as sent fails, each email is
	 * recorded on its own: every delivery ends SENT after one attempt, and every
	 * recipient has one email (none is sent again for want of its record).
	 */
	@Test
	void aBatchsEmailsAreRecordedOneByOneWhenTheWriteThatRecordsThemTogetherFails() throws Exception {
		MilestoneSnapshot milestone = Milestones.milestone(this.group);
		this.topic.publish(new MilestoneRecorded(milestone));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.milestones.existsById(milestone.id()));
		Map<String, String> addressById = new LinkedHashMap<>();
		for (int i = 0; i < 3; i++) {
			String address = "recorded-" + i + "-" + UUID.randomUUID() + "@council.gov.uk";
			addressById.put(TestRecipients.add(this.mvc, this.group, address, ""), address);
		}
		// the bulk write that records this group's emails as sent (their subjects name
		// the group): several updates of deliveries setting recordedBy
		InMemoryMongo.refuseNext((command) -> "deliveries".equals(command.get("update"))
				&& command.get("updates") instanceof List<?> updates && updates.size() > 1
				&& updates.toString().contains("recordedBy") && updates.toString().contains(this.group));
		openDueTogether(milestone.id(), addressById);

		awaitAllSent(3);
		assertThat(InMemoryMongo.refusalPending()).as("the write together was refused").isFalse();
		for (Delivery delivery : this.deliveries.search(this.group, null, null, null, 10)) {
			assertThat(delivery.getAttemptLog()).extracting(Delivery.Attempt::outcome)
				.containsExactly(DeliveryStatus.SENT);
			assertThat(TestMailServer.receivedBy(delivery.getEmail())).hasSize(1);
		}
	}

	/** Waits until the group has {@code count} deliveries, every one sent. */
	private void awaitAllSent(int count) {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(this.deliveries.search(this.group, null, null, null, count + 1)).hasSize(count)
						.allSatisfy((d) -> assertThat(d.getStatus()).isEqualTo(DeliveryStatus.SENT)));
	}

	/**
	 * Opens an IMMEDIATE delivery about the milestone for each recipient (id to address),
	 * all due at the same instant a moment from now, so one run of the sending loop
	 * claims them.
	 */
	private void openDueTogether(String milestoneId, Map<String, String> addressById) {
		Instant due = Instant.now().plusSeconds(1);
		List<Document> documents = new ArrayList<>();
		addressById.forEach((recipientId, address) -> {
			Delivery delivery = new Delivery(UUID.randomUUID().toString(),
					DeliveryRequest.key(DeliveryKind.IMMEDIATE, milestoneId, "v0", recipientId), this.group,
					recipientId, address, DeliveryKind.IMMEDIATE, milestoneId, 0L, "event-1", Instant.now(), null, null,
					Instant.now(), null);
			Document document = new Document();
			this.mongo.getConverter().write(delivery, document);
			// waiting for that instant, as a postponed delivery does: the poll marks it
			// due
			document.put("nextAttemptAt", Date.from(due));
			document.put("waiting", delivery.getId());
			documents.add(document);
		});
		this.mongo.getCollection("deliveries").insertMany(documents);
	}

	/**
	 * The most connections open at the same time, given the connection (thread) of each
	 * message in the order they arrived: a connection is open from its first message to
	 * its last.
	 */
	private static long mostOpenAtOnce(List<Thread> order) {
		Map<Thread, Integer> first = new HashMap<>();
		Map<Thread, Integer> last = new HashMap<>();
		for (int i = 0; i < order.size(); i++) {
			first.putIfAbsent(order.get(i), i);
			last.put(order.get(i), i);
		}
		return IntStream.range(0, order.size())
			.mapToLong((i) -> first.keySet().stream().filter((c) -> first.get(c) <= i && i <= last.get(c)).count())
			.max()
			.orElse(0);
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
