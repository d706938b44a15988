package org.keycities.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
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
import org.keycities.notification.ingest.KnownGroups;
import org.keycities.notification.ingest.KnownMilestones;
import org.keycities.notification.recipient.Recipients;
import org.keycities.notification.security.RecipientTokens;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * New deliveries go straight to a free sender thread, opened already held by it, without
 * waiting for the sending loop to claim them; with every sender thread busy they are
 * opened due instead; and one held from the start by a sender that then stopped is sent
 * once its lease runs out.
 */
@NotificationServiceTest
class SendAsOpenedTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	DeliverySender sender;

	@Autowired
	DeliveryLog deliveries;

	@Autowired
	KnownMilestones milestones;

	@Autowired
	NotificationSettings settings;

	@Autowired
	SmtpConnections smtp;

	@Autowired
	EmailComposer composer;

	@Autowired
	Recipients recipients;

	@Autowired
	KnownGroups groups;

	@Autowired
	RecipientTokens tokens;

	@Autowired
	DeliveryMetrics metrics;

	@Autowired
	Clock clock;

	@Autowired
	DeliveryTrace trace;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	ActivityTopic topic;

	final String group = "group-" + UUID.randomUUID();

	MilestoneSnapshot milestone;

	UserManager users;

	MessageDeliveryHandler delivering;

	@BeforeEach
	void setUp() {
		this.topic = new ActivityTopic(this.brokers);
		this.users = TestMailServer.server().getUserManager();
		this.delivering = this.users.getMessageDeliveryHandler();
		// known before anyone subscribed: the consumer opens no delivery of its own
		this.milestone = Milestones.milestone(this.group);
		this.topic.publish(new MilestoneRecorded(this.milestone));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.milestones.existsById(this.milestone.id()));
	}

	@AfterEach
	void tearDown() {
		this.users.setMessageDeliveryHandler(this.delivering);
		this.topic.close();
	}

	@Test
	void aNewDeliveryIsHeldBySenderFromTheMomentItIsOpenedAndAKeyTakenAlreadyHoldsNoSender() throws Exception {
		DeliveryRequest first = request("first");
		assertThat(this.sender.open(List.of(first))).isOne();
		// as stored when open returned: held by a sender, not left due for the sending
		// loop (which waits the gathering time before it claims anything)
		Delivery opened = stored(first);
		assertThat(opened.getStatus()).isIn(DeliveryStatus.SENDING, DeliveryStatus.SENT);
		assertThat(opened.isDue()).isFalse();
		// the same event again, more times than there are sender threads: nothing opened,
		// and no sender thread kept for it
		for (int i = 0; i <= this.settings.sender().connections(); i++) {
			assertThat(this.sender.open(List.of(first))).isZero();
		}
		DeliveryRequest second = request("second");
		assertThat(this.sender.open(List.of(second))).isOne();
		assertThat(stored(second).getStatus()).isIn(DeliveryStatus.SENDING, DeliveryStatus.SENT);

		awaitEachSentOnce(List.of(first, second));
	}

	/**
	 * A sender of one thread, busy with a batch (held up by the mail server): the next
	 * batch is not opened held, and opened due instead it is sent by the sending loop;
	 * each recipient gets one email.
	 */
	@Test
	void withEverySenderThreadBusyANewDeliveryIsOpenedDueAndSentByTheSendingLoop() throws Exception {
		NotificationSettings.Sender usual = this.settings.sender();
		NotificationSettings oneThread = new NotificationSettings(this.settings.baseUrl(), this.settings.from(),
				this.settings.tokenSecret(), this.settings.tokenValidity(),
				new NotificationSettings.Sender(usual.pollInterval(), usual.lease(), usual.batchSize(), 1,
						usual.groupNameWait(), usual.keepAlive(), usual.gather()),
				this.settings.retry(), this.settings.digest(), this.settings.ingest());
		// not scheduled, and its nudges go nowhere: the service's own sending loop sends
		// what it opens due
		DeliverySender sender = new DeliverySender(this.deliveries, this.smtp, this.composer, this.recipients,
				this.milestones, this.groups, this.tokens, oneThread, this.metrics, this.clock, (task) -> {
				}, this.trace);
		DeliveryRequest busy = request("busy");
		DeliveryRequest next = request("next");
		CountDownLatch release = new CountDownLatch(1);
		// within the sender's SMTP read timeout (2 s in these tests)
		this.users.setMessageDeliveryHandler((message, address) -> {
			if (address.getEmail().equals(busy.email())) {
				try {
					release.await(1500, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return this.delivering.handle(message, address);
		});
		try {
			assertThat(sender.openHeld(List.of(busy))).hasValue(1);
			// its one thread holds the first batch until it is recorded
			assertThat(sender.openHeld(List.of(next))).isEmpty();
			assertThat(this.deliveries.search(this.group, null, next.email(), null, 1)).isEmpty();
			assertThat(sender.open(List.of(next))).isOne();
		}
		finally {
			release.countDown();
		}
		awaitEachSentOnce(List.of(busy, next));
		sender.destroy();
	}

	/**
	 * Deliveries opened held by a sender that stopped before sending them (opened held,
	 * never handed over, as when the service dies at that moment) are sent once their
	 * lease runs out, each once.
	 */
	@Test
	void deliveriesHeldFromTheStartByASenderThatStoppedAreSentOnceTheirLeaseRunsOut() throws Exception {
		List<DeliveryRequest> requests = List.of(request("orphan-1"), request("orphan-2"));
		List<Delivery> held = this.deliveries.openHeld(requests, Duration.ofMillis(300));
		assertThat(held).hasSize(2).allSatisfy((delivery) -> {
			assertThat(delivery.getStatus()).isEqualTo(DeliveryStatus.SENDING);
			assertThat(delivery.getLeaseToken()).isNotNull();
		});
		// opened again by a later event: nothing new, and nothing held twice
		assertThat(this.deliveries.openHeld(requests, Duration.ofMillis(300))).isEmpty();

		awaitEachSentOnce(requests);
		for (DeliveryRequest request : requests) {
			Delivery sent = stored(request);
			assertThat(sent.getSentAt()).isAfterOrEqualTo(sent.getCreatedAt().plusMillis(300));
		}
	}

	/** A new recipient of the group, and a request for its email about the milestone. */
	private DeliveryRequest request(String name) throws Exception {
		String address = name + "-" + UUID.randomUUID() + "@council.gov.uk";
		String recipientId = TestRecipients.add(this.mvc, this.group, address, "");
		return new DeliveryRequest(DeliveryKind.IMMEDIATE,
				DeliveryRequest.key(DeliveryKind.IMMEDIATE, this.milestone.id(), this.milestone.version(), recipientId),
				this.group, recipientId, address, this.milestone.id(), this.milestone.version(),
				"event-" + UUID.randomUUID(), Instant.now(), null, null, null);
	}

	/** Waits until each is sent, then checks it was sent at the first attempt, once. */
	private void awaitEachSentOnce(List<DeliveryRequest> requests) {
		for (DeliveryRequest request : requests) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(stored(request).getStatus()).isEqualTo(DeliveryStatus.SENT));
			assertThat(stored(request).getAttemptLog()).extracting(Delivery.Attempt::outcome)
				.containsExactly(DeliveryStatus.SENT);
			assertThat(TestMailServer.receivedBy(request.email())).hasSize(1);
		}
	}

	private Delivery stored(DeliveryRequest request) {
		Optional<Delivery> found = this.deliveries.search(this.group, null, request.email(), null, 2)
			.stream()
			.findFirst();
		assertThat(found).as("the delivery to %s", request.email()).isPresent();
		return found.get();
	}

}
