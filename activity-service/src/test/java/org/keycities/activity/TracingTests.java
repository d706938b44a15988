package org.keycities.activity;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventTypes;
import org.keycities.testsupport.ActivityTopic;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.group;
import static org.keycities.activity.Requests.milestone;
import static org.keycities.activity.Requests.recordMilestone;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The officer's request, the later publish on the relay thread and the record on the
 * topic share one trace: the record carries a W3C {@code traceparent} header with the
 * trace id of the request, which the log lines of both show.
 */
@ActivityServiceTest
@ExtendWith(OutputCaptureExtension.class)
class TracingTests {

	private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01");

	@Autowired
	MockMvc mvc;

	@Autowired
	EmbeddedKafkaBroker kafka;

	ActivityTopic topic;

	@BeforeEach
	void connect() {
		this.topic = new ActivityTopic(this.kafka.getBrokersAsString());
	}

	@AfterEach
	void disconnect() {
		this.topic.close();
	}

	@Test
	void theRecordOnTheTopicContinuesTheTraceOfTheRequestThatRecordedTheMilestone(CapturedOutput output)
			throws Exception {
		this.mvc.perform(createGroup(group("trace-coastal"))).andExpect(status().isCreated());
		String body = this.mvc.perform(recordMilestone("trace-coastal", milestone("Traced milestone")))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = JsonMapper.builder().build().readTree(body).get("id").asString();

		ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(20))
			.until(() -> recorded(id), (found) -> found != null);
		String traceparent = ActivityTopic.header(record, "traceparent");
		assertThat(traceparent).matches(TRACEPARENT);
		Matcher parts = TRACEPARENT.matcher(traceparent);
		assertThat(parts.matches()).isTrue();
		String traceId = parts.group(1);

		String recordedLine = line(output, "Recorded milestone " + id + " for trace-coastal");
		assertThat(recordedLine).contains(traceId);
		String eventId = ActivityTopic.header(record, CloudEventHeaders.ID);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(
					line(output, "Published " + EventTypes.MILESTONE_RECORDED + " " + eventId + " for " + id))
				.contains(traceId)
				// the publish is a span of its own inside the request's trace
				.doesNotContain(traceId + "-" + spanOf(recordedLine, traceId)));
		assertThat(line(output, "Published " + EventTypes.MILESTONE_RECORDED + " " + eventId)).contains("event-relay-");
	}

	private ConsumerRecord<String, byte[]> recorded(String milestoneId) {
		List<ConsumerRecord<String, byte[]>> records = this.topic.read(EventTypes.TOPIC, Integer.MAX_VALUE,
				Duration.ofSeconds(1));
		return records.stream()
			.filter((r) -> milestoneId.equals(ActivityTopic.header(r, CloudEventHeaders.SUBJECT)))
			.filter((r) -> EventTypes.MILESTONE_RECORDED.equals(ActivityTopic.header(r, CloudEventHeaders.TYPE)))
			.findFirst()
			.orElse(null);
	}

	private static String line(CapturedOutput output, String text) {
		return output.getOut().lines().filter((l) -> l.contains(text)).findFirst().orElse("");
	}

	private static String spanOf(String line, String traceId) {
		Matcher span = Pattern.compile(traceId + "-([0-9a-f]{16})").matcher(line);
		assertThat(span.find()).as("trace and span ids in %s", line).isTrue();
		return span.group(1);
	}

}
