package org.keycities.activity.milestone;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.keycities.activity.ActivityServiceTest;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.group.GroupManagement;
import org.keycities.activity.outbox.EventTrace;
import org.keycities.activity.outbox.PendingEvent;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.group;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The process stopped after the write and before the relay published: the document holds
 * the milestone and its pending event, and nothing is on the topic. The sweep publishes
 * it later, with the ce_id and in the trace stored at the write.
 */
@ActivityServiceTest
class SweepAfterCrashTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Milestones milestones;

	@Autowired
	GroupManagement groups;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	Tracer tracer;

	@Autowired
	EventTrace trace;

	@Test
	void eventLeftBehindByAProcessThatDiedAfterTheWriteIsPublishedByTheSweep() throws Exception {
		this.mvc.perform(createGroup(group("sweep-crash"))).andExpect(status().isCreated());
		String id = UUID.randomUUID().toString();
		Milestone written = Milestone.record(id, "sweep-crash", new MilestoneRequest("PUBLICATION",
				"Report on skills published", null, "2017-06", null, null, null, null), 1, "officer", Instant.now());
		// the write as the API does it, inside the request's span, without the relay that
		// would run after it
		Span request = this.tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(request)) {
			written.traceEvents(this.trace::stamp);
		}
		finally {
			request.end();
		}
		this.milestones.insert(written);
		PendingEvent pending = written.pendingEvents().get(0);

		try (ActivityTopic topic = new ActivityTopic(this.kafka.getBrokersAsString())) {
			await().atMost(Duration.ofSeconds(20)).until(() -> ofMilestone(topic, id).size() >= 1);
			ConsumerRecord<String, byte[]> record = ofMilestone(topic, id).get(0);
			assertThat(ActivityTopic.header(record, CloudEventHeaders.ID)).isEqualTo(pending.eventId());
			assertThat(record.key()).isEqualTo("sweep-crash");
			// the sweep continues the trace of the request that made the change
			assertThat(ActivityTopic.header(record, "traceparent"))
				.startsWith("00-" + request.context().traceId() + "-")
				.isNotEqualTo("00-" + request.context().traceId() + "-" + request.context().spanId() + "-01");
			MilestoneRecorded event = (MilestoneRecorded) new EventCodec()
				.read(ActivityTopic.header(record, CloudEventHeaders.TYPE), record.value());
			assertThat(event.milestone().title()).isEqualTo("Report on skills published");
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.milestones.findById(id).orElseThrow().pendingEvents()).isEmpty());
	}

	private static List<ConsumerRecord<String, byte[]>> ofMilestone(ActivityTopic topic, String id) {
		return topic.read(EventTypes.TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(1))
			.stream()
			.filter((r) -> id.equals(ActivityTopic.header(r, CloudEventHeaders.SUBJECT)))
			.toList();
	}

}
