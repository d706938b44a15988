package org.keycities.notification.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
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
import org.keycities.notification.config.NotificationSettings;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One email per (event, recipient), whatever Kafka and the mail server do. */
@NotificationServiceTest
class DeliveryGuaranteeTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	DeliveryLog deliveries;

	@Autowired
	NotificationSettings settings;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	ActivityTopic topic;

	final String group = "group-" + UUID.randomUUID();

	final String first = "first-" + UUID.randomUUID() + "@council.gov.uk";

	final String second = "second-" + UUID.randomUUID() + "@council.gov.uk";

	@BeforeEach
	void setUp() throws Exception {
		this.topic = new ActivityTopic(this.brokers);
		TestRecipients.add(this.mvc, this.group, this.first, "");
		TestRecipients.add(this.mvc, this.group, this.second, "");
	}

	@AfterEach
	void closeTopic() {
		this.topic.close();
	}

	@Test
	void sameEventDeliveredThreeTimesSendsOneEmailPerRecipient() {
		MilestoneRecorded recorded = new MilestoneRecorded(Milestones.milestone(this.group));
		String ceId = this.topic.publish(recorded);
		// Kafka redelivers the same record, and the relay republishes the same version
		// under a new ce_id after a crash before it marked the event published
		this.topic.publish(recorded, ceId);
		this.topic.publish(recorded);
		MilestoneRecorded marker = new MilestoneRecorded(
				Milestones.withTitle(Milestones.milestone(this.group), "Marker milestone"));
		this.topic.publish(marker);

		// the marker comes after the duplicates on the group's partition: once it is
		// emailed, every duplicate was consumed
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(subjectsOf(this.first)).contains("[" + this.group + "] Marker milestone"));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(subjectsOf(this.second)).contains("[" + this.group + "] Marker milestone"));
		for (String recipient : List.of(this.first, this.second)) {
			assertThat(subjectsOf(recipient)).filteredOn((s) -> s.endsWith(recorded.milestone().title())).hasSize(1);
		}
		assertThat(this.deliveries.search(this.group, null, null, null, 100))
			.filteredOn((d) -> d.getMilestoneId().equals(recorded.milestone().id()))
			.hasSize(2)
			.allSatisfy((d) -> assertThat(d.getStatus()).isEqualTo(DeliveryStatus.SENT));
	}

	@Test
	void mailServerDownDelaysEmailsWithoutBlockingTheConsumerAndLosesNone() {
		List<MilestoneSnapshot> milestones = new ArrayList<>();
		TestMailServer.stop();
		try {
			for (int i = 1; i <= 3; i++) {
				MilestoneSnapshot milestone = Milestones.withTitle(Milestones.milestone(this.group),
						"Milestone " + i + " while the mail server is down");
				milestones.add(milestone);
				this.topic.publish(new MilestoneRecorded(milestone));
			}
			// the consumer went on: every milestone has its deliveries, failing and
			// retrying
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(this.deliveries.search(this.group, null, null, null, 100)).hasSize(6)
					.allSatisfy((d) -> {
						assertThat(d.getStatus()).isIn(DeliveryStatus.RETRYING, DeliveryStatus.SENDING);
						assertThat(d.getAttempts()).isGreaterThanOrEqualTo(2);
					}));
		}
		finally {
			TestMailServer.start();
		}

		for (String recipient : List.of(this.first, this.second)) {
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(subjectsOf(recipient)).hasSize(3));
			for (MilestoneSnapshot milestone : milestones) {
				assertThat(subjectsOf(recipient)).containsOnlyOnce("[" + this.group + "] " + milestone.title());
			}
		}
		assertThat(this.deliveries.search(this.group, null, null, null, 100)).hasSize(6).allSatisfy((d) -> {
			assertThat(d.getStatus()).isEqualTo(DeliveryStatus.SENT);
			assertThat(d.getAttemptLog()).hasSizeGreaterThan(1);
			assertThat(d.getAttemptLog().get(0).outcome()).isEqualTo(DeliveryStatus.RETRYING);
			assertThat(d.getAttemptLog().get(0).error()).isNotBlank();
		});
	}

	@Test
	void deliveryThatKeepsFailingEndsFailedAfterTheLastAttempt() {
		double failedBefore = this.meters.counter("emails.failed", "kind", "IMMEDIATE").count();
		MilestoneSnapshot milestone = Milestones.milestone(this.group);
		TestMailServer.stop();
		try {
			String eventId = this.topic.publish(new MilestoneRecorded(milestone));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(this.deliveries.search(this.group, null, null, eventId, 10)).hasSize(2)
					.allSatisfy((d) -> {
						assertThat(d.getStatus()).isEqualTo(DeliveryStatus.FAILED);
						assertThat(d.getAttempts()).isEqualTo(this.settings.retry().maxAttempts());
						assertThat(d.getAttemptLog()).hasSize(this.settings.retry().maxAttempts());
						assertThat(d.getLastError()).isNotBlank();
					}));
		}
		finally {
			TestMailServer.start();
		}
		assertThat(this.meters.counter("emails.failed", "kind", "IMMEDIATE").count()).isEqualTo(failedBefore + 2);
		pause();
		assertThat(TestMailServer.receivedBy(this.first)).isEmpty();
	}

	private static void pause() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static List<String> subjectsOf(String address) {
		return TestMailServer.receivedBy(address).stream().map(Mail::subject).toList();
	}

}
