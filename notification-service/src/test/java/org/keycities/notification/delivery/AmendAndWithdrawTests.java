package org.keycities.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneAmended;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneWithdrawn;
import org.keycities.notification.Mail;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestMailServer;
import org.keycities.notification.TestRecipients;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@NotificationServiceTest
class AmendAndWithdrawTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	DeliveryLog deliveries;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	ActivityTopic topic;

	final String group = "group-" + UUID.randomUUID();

	final String reader = "reader-" + UUID.randomUUID() + "@council.gov.uk";

	@BeforeEach
	void setUp() throws Exception {
		this.topic = new ActivityTopic(this.brokers);
		TestRecipients.add(this.mvc, this.group, this.reader, "");
	}

	@AfterEach
	void closeTopic() {
		this.topic.close();
	}

	@Test
	void amendmentOfWhatTheEmailShowedSendsOneUpdatedEmail() {
		MilestoneSnapshot recorded = Milestones.milestone(this.group);
		this.topic.publish(new MilestoneRecorded(recorded));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(subjects()).hasSize(1));

		// partners are not in the email: no update for that
		MilestoneSnapshot partnersOnly = Milestones.amended(recorded, recorded.title(), recorded.description(),
				List.of("Local Government Association"));
		this.topic.publish(new MilestoneAmended(partnersOnly));
		MilestoneSnapshot retitled = Milestones.amended(partnersOnly, "APPG for Key Cities launched in Parliament",
				"Launched on 8 February 2017.", partnersOnly.partners());
		MilestoneAmended amendment = new MilestoneAmended(retitled);
		String ceId = this.topic.publish(amendment);
		this.topic.publish(amendment, ceId);
		this.topic.publish(amendment);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(subjects()).containsExactly("[" + this.group + "] " + recorded.title(),
					"[" + this.group + "] Updated: APPG for Key Cities launched in Parliament"));
		assertThat(Mail.part(TestMailServer.receivedBy(this.reader).get(1), "text/plain"))
			.contains("Launched on 8 February 2017.");
		assertThat(this.deliveries.search(this.group, DeliveryStatus.SENT, this.reader, null, 10))
			.extracting(Delivery::getKind)
			.containsExactlyInAnyOrder(DeliveryKind.IMMEDIATE, DeliveryKind.UPDATE);
	}

	@Test
	void withdrawalAfterTheEmailSendsOneCorrection() {
		MilestoneSnapshot recorded = Milestones.milestone(this.group);
		this.topic.publish(new MilestoneRecorded(recorded));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(subjects()).hasSize(1));

		MilestoneWithdrawn withdrawal = new MilestoneWithdrawn(
				Milestones.withdrawn(recorded, "Recorded twice by mistake"));
		this.topic.publish(withdrawal);
		this.topic.publish(withdrawal);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(subjects()).hasSize(2));
		assertThat(subjects().get(1)).isEqualTo("[" + this.group + "] Withdrawn: " + recorded.title());
		assertThat(Mail.part(TestMailServer.receivedBy(this.reader).get(1), "text/plain"))
			.contains("Reason: Recorded twice by mistake");
	}

	@Test
	void withdrawalBeforeTheEmailWentCancelsItAndSendsNothing() {
		MilestoneSnapshot recorded = Milestones.milestone(this.group);
		TestMailServer.stop();
		try {
			this.topic.publish(new MilestoneRecorded(recorded));
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(
						() -> assertThat(this.deliveries.search(this.group, DeliveryStatus.RETRYING, null, null, 10))
							.hasSize(1));
			this.topic.publish(new MilestoneWithdrawn(Milestones.withdrawn(recorded, "Not ready to announce")));
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(
						() -> assertThat(this.deliveries.search(this.group, null, null, null, 10)).singleElement()
							.satisfies((d) -> assertThat(d.getStatus()).isEqualTo(DeliveryStatus.CANCELLED)));
		}
		finally {
			TestMailServer.start();
		}
		// a later milestone still arrives, and nothing about the withdrawn one
		MilestoneSnapshot later = Milestones.withTitle(Milestones.milestone(this.group), "A later milestone");
		this.topic.publish(new MilestoneRecorded(later));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(subjects()).containsExactly("[" + this.group + "] A later milestone"));
	}

	private List<String> subjects() {
		return TestMailServer.receivedBy(this.reader).stream().map(Mail::subject).toList();
	}

}
