package org.keycities.notification.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.notification.DeadLettered;
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
class PoisonAndUnknownEventTests {

	static final String DLQ = "activity-events.notification-service.dlq";

	@Autowired
	MockMvc mvc;

	@Autowired
	MeterRegistry meters;

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
	void malformedEventGoesToTheDeadLetterTopicAndConsumptionContinues() {
		double deadBefore = DeadLettered.count(this.meters);
		String poison = this.topic.publishRaw(EventTypes.MILESTONE_RECORDED, this.group,
				"{\"milestone\": \"not a milestone\"".getBytes(StandardCharsets.UTF_8));
		this.topic
			.publish(new MilestoneRecorded(Milestones.withTitle(Milestones.milestone(this.group), "After the poison")));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TestMailServer.receivedBy(this.reader)).extracting(Mail::subject)
				.containsExactly("[" + this.group + "] After the poison"));
		List<ConsumerRecord<String, byte[]>> dead = this.topic.read(DLQ, 1, Duration.ofSeconds(10))
			.stream()
			.filter((r) -> poison.equals(ActivityTopic.header(r, CloudEventHeaders.ID)))
			.toList();
		assertThat(dead).singleElement().satisfies((record) -> {
			assertThat(record.key()).isEqualTo(this.group);
			assertThat(ActivityTopic.header(record, "x-exception-message")).contains("not JSON");
		});
		assertThat(DeadLettered.count(this.meters)).isEqualTo(deadBefore + 1);
	}

	@Test
	void eventOfUnknownTypeIsSkippedAndCountedNotDeadLettered() {
		double before = skipped();
		String unknown = this.topic.publishRaw("org.keycities.activity.group.renamed.v9", this.group,
				"{\"anything\": true}".getBytes(StandardCharsets.UTF_8));
		this.topic.publish(
				new MilestoneRecorded(Milestones.withTitle(Milestones.milestone(this.group), "After the unknown")));

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TestMailServer.receivedBy(this.reader)).extracting(Mail::subject)
				.containsExactly("[" + this.group + "] After the unknown"));
		assertThat(skipped()).isEqualTo(before + 1);
		assertThat(this.topic.read(DLQ, Integer.MAX_VALUE, Duration.ofSeconds(2)))
			.noneMatch((r) -> unknown.equals(ActivityTopic.header(r, CloudEventHeaders.ID)));
	}

	private double skipped() {
		return this.meters.counter("events.skipped").count();
	}

}
