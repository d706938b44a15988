package org.keycities.activity.milestone;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.keycities.activity.outbox.EventRelayAccess;
import org.keycities.activity.outbox.Outbox;
import org.keycities.activity.outbox.OutboxSettings;
import org.keycities.activity.outbox.PendingEvent;
import org.keycities.activity.web.IdempotentRequest;
import org.keycities.testsupport.InMemoryMongo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.messaging.Message;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The outbox on the MongoDB wire protocol: a change and its event in one write, the
 * relay's {@code $pull} by event id and removal of the pending mark, optimistic versions
 * and the idempotency index.
 */
@DataMongoTest(properties = "spring.data.mongodb.auto-index-creation=true")
@ContextConfiguration(initializers = InMemoryMongo.class)
@Import({ Outbox.class, EventRelayAccess.class, MilestonePersistenceTests.Infrastructure.class })
class MilestonePersistenceTests {

	private static final Instant NOW = Instant.parse("2017-05-02T09:00:00Z");

	@Autowired
	Milestones milestones;

	@Autowired
	Outbox outbox;

	@Autowired
	EventRelayAccess relay;

	@MockitoBean
	StreamBridge bridge;

	@Test
	void changeMadeOnACopyReadBeforeThePublishDoesNotBringThePublishedEventBack() {
		Milestone recorded = this.milestones.insert(record("persist-1"));
		PendingEvent first = recorded.pendingEvents().get(0);
		Milestone copy = this.milestones.findById("persist-1").orElseThrow();
		given(this.bridge.send(anyString(), any(Message.class))).willReturn(true);

		assertThat(this.relay.publish(Milestone.COLLECTION, "persist-1", List.of(first))).isTrue();
		assertThat(this.milestones.findById("persist-1").orElseThrow().pendingEvents()).isEmpty();
		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-1")).isNull();

		copy.amend(request("Amended title"), 1, "officer", NOW.plusSeconds(60));
		PendingEvent second = copy.pendingEvents().get(1);
		Milestone saved = this.outbox.saveChange(copy, "persist-1", 0, List.of(second));

		assertThat(saved.version()).isEqualTo(1);
		assertThat(this.milestones.findById("persist-1").orElseThrow().pendingEvents())
			.extracting(PendingEvent::eventId)
			.containsExactly(second.eventId());
		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-1")).isNotNull();
	}

	@Test
	void changeStoredBetweenTheRelaysPullAndUnmarkKeepsItsMark() {
		Milestone recorded = this.milestones.insert(record("persist-8"));
		Milestone copy = this.milestones.findById("persist-8").orElseThrow();
		String read = this.relay.pull(Milestone.COLLECTION, "persist-8", recorded.pendingEvents().get(0));
		assertThat(read).isEqualTo(this.relay.markOf(Milestone.COLLECTION, "persist-8")).isNotNull();

		copy.amend(request("Amended while the relay was busy"), 1, "officer", NOW.plusSeconds(60));
		PendingEvent second = copy.pendingEvents().get(1);
		this.outbox.saveChange(copy, "persist-8", 0, List.of(second));
		this.relay.unmark(Milestone.COLLECTION, read);

		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-8")).isNotNull().isNotEqualTo(read);
		assertThat(this.milestones.findById("persist-8").orElseThrow().pendingEvents())
			.extracting(PendingEvent::eventId)
			.containsExactly(second.eventId());
	}

	@Test
	void sweepRemovesTheEventsOfDocumentsPublishedTogetherWithTheirMarks() {
		List<String> ids = List.of("persist-20", "persist-21", "persist-22");
		ids.forEach((id) -> this.milestones.insert(record(id)));
		given(this.bridge.send(anyString(), any(Message.class))).willReturn(true);

		assertThat(this.relay.sweep(Milestone.COLLECTION, ids, () -> {
		})).isTrue();

		verify(this.bridge, times(3)).send(anyString(), any(Message.class));
		for (String id : ids) {
			assertThat(this.milestones.findById(id).orElseThrow().pendingEvents()).isEmpty();
			assertThat(this.relay.markOf(Milestone.COLLECTION, id)).isNull();
		}
	}

	@Test
	void documentChangedAfterTheSweepReadItKeepsTheNewEventAndItsMarkWhileTheOthersAreCleared() {
		List<String> ids = List.of("persist-23", "persist-24", "persist-25");
		ids.forEach((id) -> this.milestones.insert(record(id)));
		given(this.bridge.send(anyString(), any(Message.class))).willReturn(true);
		List<PendingEvent> amendment = new ArrayList<>();

		assertThat(this.relay.sweep(Milestone.COLLECTION, ids, () -> {
			// a change to one of them is stored after the sweep read it: its mark is new
			Milestone copy = this.milestones.findById("persist-24").orElseThrow();
			copy.amend(request("Amended while the sweep was publishing"), 1, "officer", NOW.plusSeconds(60));
			amendment.add(copy.pendingEvents().get(1));
			this.outbox.saveChange(copy, "persist-24", 0, amendment);
		})).isTrue();

		verify(this.bridge, times(3)).send(anyString(), any(Message.class));
		for (String id : List.of("persist-23", "persist-25")) {
			assertThat(this.milestones.findById(id).orElseThrow().pendingEvents()).isEmpty();
			assertThat(this.relay.markOf(Milestone.COLLECTION, id)).isNull();
		}
		assertThat(this.milestones.findById("persist-24").orElseThrow().pendingEvents())
			.extracting(PendingEvent::eventId)
			.containsExactly(amendment.get(0).eventId());
		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-24")).isEqualTo(amendment.get(0).eventId());
	}

	@Test
	void onceTheProducerWaitedForTheBrokerInVainNoOtherEventIsTriedAndAllStayPending() {
		List<String> ids = List.of("persist-26", "persist-27", "persist-28");
		ids.forEach((id) -> this.milestones.insert(record(id)));
		// as the binding fails when the broker is down: after max.block.ms
		given(this.bridge.send(anyString(), any(Message.class))).willThrow(new IllegalStateException("Send failed",
				new TimeoutException("Topic activity-events not present in metadata after 3000 ms.")));

		assertThat(this.relay.sweep(Milestone.COLLECTION, ids, () -> {
		})).isFalse();

		verify(this.bridge, times(1)).send(anyString(), any(Message.class));
		for (String id : ids) {
			assertThat(this.milestones.findById(id).orElseThrow().pendingEvents()).hasSize(1);
			assertThat(this.relay.markOf(Milestone.COLLECTION, id)).isNotNull();
		}
	}

	@Test
	void anEventTheBindingRefusesOnItsOwnDoesNotStopTheOthers() {
		List<String> ids = List.of("persist-29", "persist-30", "persist-31");
		ids.forEach((id) -> this.milestones.insert(record(id)));
		given(this.bridge.send(anyString(), any(Message.class)))
			.willThrow(new IllegalStateException("This event could not be sent"))
			.willReturn(true);

		assertThat(this.relay.sweep(Milestone.COLLECTION, ids, () -> {
		})).isFalse();

		verify(this.bridge, times(3)).send(anyString(), any(Message.class));
		assertThat(this.milestones.findById("persist-29").orElseThrow().pendingEvents()).hasSize(1);
		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-29")).isNotNull();
		for (String id : List.of("persist-30", "persist-31")) {
			assertThat(this.milestones.findById(id).orElseThrow().pendingEvents()).isEmpty();
			assertThat(this.relay.markOf(Milestone.COLLECTION, id)).isNull();
		}
	}

	@Test
	void aNewMilestonesEventGoesWithTheMarkItsWriteSetInOneWrite() {
		Milestone recorded = this.milestones.insert(record("persist-9"));
		PendingEvent event = recorded.pendingEvents().get(0);
		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-9")).isEqualTo(event.eventId());

		assertThat(this.relay.removeWithMark(Milestone.COLLECTION, List.of(event))).isTrue();

		assertThat(this.milestones.findById("persist-9").orElseThrow().pendingEvents()).isEmpty();
		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-9")).isNull();
	}

	@Test
	void eventsAChangeAddedSinceStayWithTheirMarkWhenTheFirstOnesArePublished() {
		Milestone recorded = this.milestones.insert(record("persist-10"));
		PendingEvent first = recorded.pendingEvents().get(0);
		Milestone copy = this.milestones.findById("persist-10").orElseThrow();
		copy.amend(request("Amended before the relay ran"), 1, "officer", NOW.plusSeconds(60));
		PendingEvent second = copy.pendingEvents().get(1);
		this.outbox.saveChange(copy, "persist-10", 0, List.of(second));
		given(this.bridge.send(anyString(), any(Message.class))).willReturn(true);

		// the one write matches nothing: the change set a mark of its own
		assertThat(this.relay.removeWithMark(Milestone.COLLECTION, List.of(first))).isFalse();
		assertThat(this.milestones.findById("persist-10").orElseThrow().pendingEvents()).hasSize(2);

		assertThat(this.relay.publishAllPending(Milestone.COLLECTION, "persist-10", List.of(first))).isTrue();
		assertThat(this.milestones.findById("persist-10").orElseThrow().pendingEvents())
			.extracting(PendingEvent::eventId)
			.containsExactly(second.eventId());
		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-10")).isEqualTo(second.eventId());
	}

	@Test
	void aFailedPublishAfterAWriteLeavesTheEventAndItsMark() {
		Milestone recorded = this.milestones.insert(record("persist-11"));
		given(this.bridge.send(anyString(), any(Message.class))).willThrow(new IllegalStateException("Kafka is down"));

		assertThat(this.relay.publishAllPending(Milestone.COLLECTION, "persist-11", recorded.pendingEvents()))
			.isFalse();
		assertThat(this.milestones.findById("persist-11").orElseThrow().pendingEvents()).hasSize(1);
		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-11"))
			.isEqualTo(recorded.pendingEvents().get(0).eventId());
	}

	@Test
	void changeAgainstAnOldVersionIsRefused() {
		this.milestones.insert(record("persist-2"));
		Milestone copy = this.milestones.findById("persist-2").orElseThrow();
		Milestone other = this.milestones.findById("persist-2").orElseThrow();
		other.amend(request("First change"), 1, "officer", NOW);
		this.outbox.saveChange(other, "persist-2", 0, other.pendingEvents().subList(1, 2));

		copy.amend(request("Second change from an old copy"), 1, "officer", NOW);
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.outbox.saveChange(copy, "persist-2", 0, copy.pendingEvents().subList(1, 2)));
		assertThat(this.milestones.findById("persist-2").orElseThrow().snapshot(1).title()).isEqualTo("First change");
	}

	@Test
	void failedPublishLeavesTheEventPendingAndCounted() {
		Milestone recorded = this.milestones.insert(record("persist-3"));
		given(this.bridge.send(anyString(), any(Message.class))).willThrow(new IllegalStateException("Kafka is down"));

		assertThat(this.relay.publish(Milestone.COLLECTION, "persist-3", recorded.pendingEvents())).isFalse();
		assertThat(this.milestones.findById("persist-3").orElseThrow().pendingEvents()).hasSize(1);
		assertThat(this.relay.markOf(Milestone.COLLECTION, "persist-3")).isNotNull();
		assertThat(this.relay.pendingCount()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void idempotencyKeyIsUniqueWhileMilestonesWithoutOneAreNot() {
		Milestone first = record("persist-4");
		first.rememberRequest(new IdempotentRequest("officer:k1", "hash", "{}"));
		this.milestones.insert(first);
		this.milestones.insert(record("persist-5"));
		this.milestones.insert(record("persist-6"));
		Milestone retry = record("persist-7");
		retry.rememberRequest(new IdempotentRequest("officer:k1", "hash", "{}"));

		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> this.milestones.insert(retry));
		assertThat(this.milestones.findByIdempotencyKey("officer:k1")).map(Milestone::id).contains("persist-4");
	}

	private static Milestone record(String id) {
		return Milestone.record(id, "persistence", request("Recorded"), 1, "officer", NOW);
	}

	private static MilestoneRequest request(String title) {
		return new MilestoneRequest("EVENT", title, null, "2017-05", null, null, null, null);
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OutboxSettings.class)
	static class Infrastructure {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Tracer tracer() {
			return Tracer.NOOP;
		}

		@Bean
		Propagator propagator() {
			return Propagator.NOOP;
		}

	}

}
