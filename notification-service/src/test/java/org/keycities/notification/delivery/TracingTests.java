package org.keycities.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventEnvelope;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestMailServer;
import org.keycities.notification.TestRecipients;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An email is sent, later and by the sender rather than the consumer, in the trace of the
 * event that caused it: the record's {@code traceparent} is stored with the delivery and
 * continued when sending, so the "Sent" line carries the producer's trace id.
 */
@NotificationServiceTest
@ExtendWith(OutputCaptureExtension.class)
class TracingTests {

	@Autowired
	MockMvc mvc;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	final String group = "group-" + UUID.randomUUID();

	@Test
	void theEmailIsSentInTheTraceOfTheEventThatCausedIt(CapturedOutput output) throws Exception {
		String reader = "traced-" + UUID.randomUUID().toString().substring(0, 8) + "@council.gov.uk";
		TestRecipients.add(this.mvc, this.group, reader, "");
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String producerSpan = traceId.substring(16);
		MilestoneRecorded recorded = new MilestoneRecorded(Milestones.milestone(this.group));
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), recorded.eventType(),
				recorded.subject(), Instant.now(), recorded.groupOf());
		Map<String, String> headers = new LinkedHashMap<>(envelope.headers());
		headers.put("traceparent", "00-" + traceId + "-" + producerSpan + "-01");
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			topic.publish(Milestones.group(this.group, "Traced Group"));
			topic.send(EventTypes.TOPIC, envelope.key(), headers, new EventCodec().write(recorded));
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> !TestMailServer.receivedBy(reader).isEmpty());
		await().atMost(Duration.ofSeconds(5)).until(() -> !sentTo(output, reader).isEmpty());
		assertThat(sentTo(output, reader)).allSatisfy((line) -> assertThat(line).contains("[" + traceId + "-")
			// the sender's own span in the producer's trace
			.doesNotContain(traceId + "-" + producerSpan));
	}

	private static List<String> sentTo(CapturedOutput output, String reader) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("Sent IMMEDIATE email ") && line.endsWith(" to " + reader))
			.toList();
	}

}
