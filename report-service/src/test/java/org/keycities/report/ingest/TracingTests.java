package org.keycities.report.ingest;

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
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record with a W3C {@code traceparent} header is applied in a span that continues that
 * trace: the log line of the update carries the producer's trace id.
 */
@BrokerIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class TracingTests {

	static final String GROUP = "trace-city";

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void anEventIsAppliedInTheTraceOfItsProducer(CapturedOutput output) {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String producerSpan = traceId.substring(0, 16);
		MilestoneRecorded recorded = ReportTestData.milestones(GROUP).get(0);
		String ceId = UUID.randomUUID().toString();
		EventEnvelope envelope = new EventEnvelope(ceId, recorded.eventType(), recorded.subject(), Instant.now(),
				recorded.groupOf());
		Map<String, String> headers = new LinkedHashMap<>(envelope.headers());
		headers.put("traceparent", "00-" + traceId + "-" + producerSpan + "-01");
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			ReportTestData.seed(GROUP).stream().limit(1).forEach(topic::publish);
			topic.send(EventTypes.TOPIC, envelope.key(), headers, new EventCodec().write(recorded));
		}

		String expected = "Applied " + EventTypes.MILESTONE_RECORDED + " " + ceId + " for " + recorded.subject();
		await().atMost(Duration.ofSeconds(30)).until(() -> lines(output, expected).size() == 1);
		assertThat(lines(output, expected).get(0)).contains("[" + traceId + "-")
			// the consumer's own span in the producer's trace
			.doesNotContain(traceId + "-" + producerSpan);
	}

	private static List<String> lines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).toList();
	}

}
