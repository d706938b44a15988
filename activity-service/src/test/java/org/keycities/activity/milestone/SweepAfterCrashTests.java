package org.keycities.activity.milestone;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
import org.keycities.activity.outbox.EventRelayAccess;
import org.keycities.activity.outbox.EventTrace;
import org.keycities.activity.outbox.Outbox;
import org.keycities.activity.outbox.PendingEvent;
import org.keycities.testsupport.ActivityTopic;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
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
 * it later, with the ce_id and in the trace stored at the write. Likewise a change stored
 * while the relay was removing the document's pending mark.
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
	MongoTemplate mongo;

	@Autowired
	Tracer tracer;

	@Autowired
	EventTrace trace;

	@Autowired
	EventRelayAccess relay;

	@Autowired
	Outbox outbox;

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
			// keep what the successful read saw: a second read could time out on a loaded
			// machine
			ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(30))
				.until(() -> ofMilestone(topic, id), (records) -> !records.isEmpty())
				.get(0);
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

	@Test
	void sweepWaitsWhileAnotherInstanceHoldsItsLock() throws Exception {
		this.mvc.perform(createGroup(group("sweep-lock"))).andExpect(status().isCreated());
		MongoLockProvider locks = new MongoLockProvider(this.mongo.getDb());
		// this instance's own sweep holds the lock for a moment every 300 ms: try until
		// the
		// lock is free
		SimpleLock otherInstance = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> locks
				.lock(new LockConfiguration(Instant.now(), "outbox-sweep", Duration.ofSeconds(30), Duration.ZERO)),
					Optional::isPresent)
			.orElseThrow();
		String id = UUID.randomUUID().toString();
		try (ActivityTopic topic = new ActivityTopic(this.kafka.getBrokersAsString())) {
			this.milestones.insert(Milestone.record(id, "sweep-lock",
					new MilestoneRequest("MEETING", "Met the minister", null, null, null, null, null, null), 1,
					"officer", Instant.now()));
			// well past the grace period (1 s) and many sweep intervals (300 ms)
			Thread.sleep(3000);
			assertThat(ofMilestone(topic, id)).isEmpty();
			assertThat(this.milestones.findById(id).orElseThrow().pendingEvents()).hasSize(1);

			otherInstance.unlock();
			await().atMost(Duration.ofSeconds(20)).until(() -> ofMilestone(topic, id).size() == 1);
		}
	}

	@Test
	void changeStoredWhileTheRelayRemovesTheMarkIsPublishedByTheSweep() throws Exception {
		this.mvc.perform(createGroup(group("sweep-mark"))).andExpect(status().isCreated());
		String id = UUID.randomUUID().toString();
		Milestone recorded = this.milestones.insert(Milestone.record(id, "sweep-mark",
				new MilestoneRequest("MEETING", "Met the mayor", null, null, null, null, null, null), 1, "officer",
				Instant.now()));
		Milestone copy = this.milestones.findById(id).orElseThrow();
		try (ActivityTopic topic = new ActivityTopic(this.kafka.getBrokersAsString())) {
			// the relay published the first event and pulled it: nothing is left
			String read = this.relay.pull(Milestone.COLLECTION, id, recorded.pendingEvents().get(0));
			// an amendment is stored before the relay removes the mark it read
			copy.amend(new MilestoneRequest("MEETING", "Met the mayor and the minister", null, null, null, null, null,
					null), 1, "officer", Instant.now());
			PendingEvent amended = copy.pendingEvents().get(1);
			this.outbox.saveChange(copy, id, 0, List.of(amended));
			this.relay.unmark(Milestone.COLLECTION, read);
			assertThat(this.relay.markOf(Milestone.COLLECTION, id)).isNotNull().isNotEqualTo(read);

			// its relay never ran: the sweep finds it by its mark
			ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(30))
				.until(() -> ofMilestone(topic, id), (records) -> !records.isEmpty())
				.get(0);
			assertThat(ActivityTopic.header(record, CloudEventHeaders.ID)).isEqualTo(amended.eventId());
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.milestones.findById(id).orElseThrow().pendingEvents()).isEmpty();
			assertThat(this.relay.markOf(Milestone.COLLECTION, id)).isNull();
		});
	}

	private static List<ConsumerRecord<String, byte[]>> ofMilestone(ActivityTopic topic, String id) {
		return topic.read(EventTypes.TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(1))
			.stream()
			.filter((r) -> id.equals(ActivityTopic.header(r, CloudEventHeaders.SUBJECT)))
			.toList();
	}

}
