package org.keycities.notification.ingest;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.notification.DeadLettered;
import org.keycities.notification.Mail;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestMailServer;
import org.keycities.notification.TestRecipients;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.InMemoryMongo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB unreachable while an event arrives: the consumer holds the event until MongoDB
 * is back, then emails it; the binder's few quick attempts (here 20-50 ms apart) would
 * have sent it to the dead-letter topic long before.
 */
@NotificationServiceTest
class MongoOutageTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void anEventArrivingDuringAShortOutageIsEmailedOnceMongoDbIsBack() throws Exception {
		String group = "outage-" + UUID.randomUUID();
		String reader = "reader-" + UUID.randomUUID() + "@council.gov.uk";
		TestRecipients.add(this.mvc, group, reader, "");
		double deadBefore = DeadLettered.count(this.meters);

		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			String eventId;
			try (InMemoryMongo.Outage outage = InMemoryMongo.outage("notification")) {
				eventId = topic.publish(new MilestoneRecorded(
						Milestones.withTitle(Milestones.milestone(group), "Sent after the outage")));
				Thread.sleep(3000);
				assertThat(TestMailServer.receivedBy(reader)).isEmpty();
			}

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(TestMailServer.receivedBy(reader)).extracting(Mail::subject)
					.containsExactly("[" + group + "] Sent after the outage"));
			assertThat(DeadLettered.count(this.meters)).isEqualTo(deadBefore);
			assertThat(topic.read(PoisonAndUnknownEventTests.DLQ, Integer.MAX_VALUE, Duration.ofSeconds(2)))
				.noneMatch((record) -> eventId.equals(ActivityTopic.header(record, CloudEventHeaders.ID)));
		}
	}

}
