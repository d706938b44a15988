package org.keycities.report.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.events.MalformedEventException;
import org.keycities.activity.events.MilestoneAmended;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneWithdrawn;
import org.keycities.activity.events.PartialDate;
import org.keycities.activity.events.Patience;
import org.keycities.intake.Attempts;
import org.keycities.intake.DeadLetters;
import org.keycities.intake.Incoming;
import org.keycities.intake.Traces;
import org.keycities.report.report.GroupProfile;
import org.keycities.report.report.MilestoneEntry;
import org.keycities.report.report.ProcessedEvent;
import org.keycities.report.report.ProcessedEvents;
import org.keycities.report.report.ReportModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Applies one event from topic {@code activity-events} to the report model, idempotently:
 * a {@code ce_id} already taken into account is ignored, and a version no newer than the
 * one held changes nothing. Synchronous, so the binder commits the offset only after the
 * MongoDB writes.
 */
@Component
@EnableConfigurationProperties(IngestSettings.class)
public class EventIngestion {

	private static final Logger log = LoggerFactory.getLogger(EventIngestion.class);

	private final EventCodec codec;

	private final ReportModel model;

	private final ProcessedEvents processed;

	private final MeterRegistry meters;

	private final Patience patience;

	private final Attempts attempts;

	private final DeadLetters deadLetters;

	private final Traces traces;

	EventIngestion(EventCodec codec, ReportModel model, ProcessedEvents processed, MeterRegistry meters,
			IngestSettings settings, DeadLetters deadLetters, Traces traces) {
		this.codec = codec;
		this.model = model;
		this.processed = processed;
		this.meters = meters;
		this.attempts = settings.attemptsAtAnEvent();
		this.deadLetters = deadLetters;
		this.traces = traces;
		this.patience = new Patience(settings.mongoPatience(), DataAccessResourceFailureException.class,
				(failure, pause) -> log.warn("MongoDB is unreachable ({}); trying again in {} ms", failure.getMessage(),
						pause.toMillis()));
	}

	/**
	 * Applies a batch of records as read from one partition, in their order. Records of
	 * milestones recorded one after another are applied together, a few writes for them
	 * all; any other record alone. A record that cannot be read, or whose applying keeps
	 * failing, goes to the dead-letter topic by itself and the rest of the batch goes on.
	 * Each record is applied in a span of its producer's trace.
	 */
	public void applyAll(List<Incoming> batch) {
		List<Decoded> recorded = new ArrayList<>();
		for (Incoming record : batch) {
			String ceId = record.header(CloudEventHeaders.ID);
			String type = record.header(CloudEventHeaders.TYPE);
			if (!EventTypes.isKnown(type)) {
				this.traces.continuing(record.header(Traces.TRACEPARENT), "skip " + type,
						() -> apply(ceId, type, record.body()));
				continue;
			}
			ActivityEvent event;
			try {
				event = decode(ceId, type, record.body());
			}
			catch (MalformedEventException ex) {
				// it stays malformed however often it is read
				this.deadLetters.send(record, ex);
				continue;
			}
			Decoded decoded = new Decoded(record, ceId, type, event);
			if (event instanceof MilestoneRecorded) {
				recorded.add(decoded);
			}
			else {
				applyTogether(recorded);
				applyAlone(decoded);
			}
		}
		applyTogether(recorded);
	}

	private void applyAlone(Decoded decoded) {
		RuntimeException failure = this.attempts.run(
				() -> this.traces.continuing(decoded.traceparent(), "apply " + decoded.type(),
						() -> apply(decoded.ceId(), decoded.type(), decoded.event())),
				(attempt, ex) -> log.warn("Could not apply the event {} (attempt {} of {}): {}", decoded.ceId(),
						attempt, this.attempts.max(), ex.toString()));
		if (failure != null) {
			this.deadLetters.send(decoded.record(), failure);
		}
	}

	/**
	 * Applies records of recorded milestones together: one insert of the milestones and
	 * one write of the remembered events with their groups' progress; a milestone held
	 * already goes the usual way. Should any of it fail, each record is applied alone
	 * (applying is idempotent). Empties the list.
	 */
	private void applyTogether(List<Decoded> recorded) {
		if (recorded.isEmpty()) {
			return;
		}
		try {
			List<Outcome> outcomes = patiently(() -> applyRecorded(recorded));
			for (int i = 0; i < recorded.size(); i++) {
				Decoded decoded = recorded.get(i);
				Outcome outcome = count(outcomes.get(i), decoded.type());
				if (outcome == Outcome.APPLIED) {
					this.traces.continuing(decoded.traceparent(), "apply " + decoded.type(), () -> log
						.info("Applied {} {} for {}", decoded.type(), decoded.ceId(), decoded.event().subject()));
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not apply {} recorded milestones together ({}); applying each alone", recorded.size(),
					ex.toString());
			recorded.forEach(this::applyAlone);
		}
		finally {
			recorded.clear();
		}
	}

	/** The outcome of each record, in order, once all are written. */
	private List<Outcome> applyRecorded(List<Decoded> recorded) {
		List<MilestoneEntry> entries = new ArrayList<>(recorded.size());
		recorded.forEach((decoded) -> entries.add((MilestoneEntry) entity(decoded.event())));
		Set<Integer> held = this.model.storeAllFirst(entries);
		List<ProcessedEvent> stored = new ArrayList<>();
		for (int i = 0; i < recorded.size(); i++) {
			if (!held.contains(i)) {
				Decoded decoded = recorded.get(i);
				stored.add(new ProcessedEvent(decoded.ceId(), decoded.event().groupOf(), decoded.type(),
						occurredAt(decoded.event())));
			}
		}
		this.processed.rememberAll(stored);
		List<Outcome> outcomes = new ArrayList<>(recorded.size());
		for (int i = 0; i < recorded.size(); i++) {
			Decoded decoded = recorded.get(i);
			outcomes.add(held.contains(i) ? applyOnceQuietly(decoded) : Outcome.APPLIED);
		}
		return outcomes;
	}

	/** {@link #applyOnce} for a milestone held already, in its producer's trace. */
	private Outcome applyOnceQuietly(Decoded decoded) {
		Outcome[] outcome = new Outcome[1];
		this.traces.continuing(decoded.traceparent(), "apply " + decoded.type(),
				() -> outcome[0] = applyOnce(decoded.ceId(), decoded.type(), decoded.event()));
		return outcome[0];
	}

	/**
	 * Applies one record alone, as {@link #applyAll} does any record but a recorded
	 * milestone, waiting out a MongoDB outage.
	 * @throws MalformedEventException if a known type's body is not JSON, breaks its
	 * schema, or the record has no {@code ce_id}
	 */
	public Outcome apply(String ceId, String type, byte[] body) {
		if (!EventTypes.isKnown(type)) {
			// a newer producer may publish types this version does not know yet
			log.info("Skipping event {} of unknown type {}", ceId, type);
			return count(Outcome.SKIPPED, type);
		}
		return apply(ceId, type, decode(ceId, type, body));
	}

	private Outcome apply(String ceId, String type, ActivityEvent event) {
		return count(patiently(() -> applyOnce(ceId, type, event)), type);
	}

	private ActivityEvent decode(String ceId, String type, byte[] body) {
		try {
			ActivityEvent event = this.codec.read(type, body);
			if (ceId == null || ceId.isBlank()) {
				throw new MalformedEventException("A " + type + " event has no ce_id header", null);
			}
			checkDate(event);
			return event;
		}
		catch (MalformedEventException ex) {
			// counted per attempt: the binder retries, then dead-letters it
			this.meters.counter("events.malformed", "type", type).increment();
			throw ex;
		}
	}

	/**
	 * A replay of the topic into an emptied report model, for a rebuild: many events at a
	 * time, with the outcome of applying them one by one.
	 */
	public Replay replay() {
		return new Replay();
	}

	private Outcome applyOnce(String ceId, String type, ActivityEvent event) {
		boolean stored = (event instanceof MilestoneRecorded) && storeFirst(event);
		if (!stored) {
			if (this.processed.contains(ceId)) {
				return Outcome.DUPLICATE;
			}
			stored = store(event);
		}
		this.processed.remember(new ProcessedEvent(ceId, event.groupOf(), type, occurredAt(event)));
		if (stored) {
			log.info("Applied {} {} for {}", type, ceId, event.subject());
		}
		return stored ? Outcome.APPLIED : Outcome.STALE;
	}

	/**
	 * Most events record a milestone not seen before: one insert stores it, without the
	 * duplicate check and the version read. The insert succeeding proves the event new:
	 * an event is remembered only after its milestone is stored, and milestones are never
	 * removed but with the remembered events (a rebuild). If the milestone is held, the
	 * event takes the usual way.
	 */
	private boolean storeFirst(ActivityEvent event) {
		return this.model.storeFirst((MilestoneEntry) entity(event));
	}

	/**
	 * Waits out a short MongoDB outage here, holding the partition, rather than letting
	 * the binder's few quick attempts send a good event to the dead-letter topic. Each
	 * attempt is idempotent, so repeating one is safe. Past the patience the failure goes
	 * to the binder like any other.
	 */
	private <T> T patiently(Supplier<T> write) {
		return this.patience.get(write);
	}

	/**
	 * The schema checks the date's form only; a month 13 would break every report of the
	 * group, so such an event is treated as malformed.
	 */
	private static void checkDate(ActivityEvent event) {
		if (event instanceof GroupChanged) {
			return;
		}
		String date = milestoneOf(event).date();
		if (date != null) {
			try {
				PartialDate.parse(date);
			}
			catch (IllegalArgumentException ex) {
				throw new MalformedEventException(
						"A " + event.eventType() + " event has an impossible date " + date + ": " + ex.getMessage(),
						ex);
			}
		}
	}

	private boolean store(ActivityEvent event) {
		Object entity = entity(event);
		return (entity instanceof GroupProfile group) ? this.model.store(group)
				: this.model.store((MilestoneEntry) entity);
	}

	/**
	 * What the event makes of the group or milestone: a GroupProfile or MilestoneEntry.
	 */
	private static Object entity(ActivityEvent event) {
		if (event instanceof GroupChanged group) {
			return GroupProfile.of(group);
		}
		if (event instanceof MilestoneRecorded recorded) {
			return MilestoneEntry.of(recorded.milestone(), MilestoneStatus.ACTIVE);
		}
		if (event instanceof MilestoneAmended amended) {
			return MilestoneEntry.of(amended.milestone(), MilestoneStatus.ACTIVE);
		}
		if (event instanceof MilestoneWithdrawn withdrawn) {
			return MilestoneEntry.of(withdrawn.milestone(), MilestoneStatus.WITHDRAWN);
		}
		throw new IllegalStateException("No way to apply " + event.eventType());
	}

	private static Instant occurredAt(ActivityEvent event) {
		if (event instanceof GroupChanged group) {
			return group.changedAt();
		}
		MilestoneSnapshot milestone = milestoneOf(event);
		return (milestone.changedAt() != null) ? milestone.changedAt() : milestone.recordedAt();
	}

	private static MilestoneSnapshot milestoneOf(ActivityEvent event) {
		if (event instanceof MilestoneRecorded recorded) {
			return recorded.milestone();
		}
		if (event instanceof MilestoneAmended amended) {
			return amended.milestone();
		}
		return ((MilestoneWithdrawn) event).milestone();
	}

	private Outcome count(Outcome outcome, String type) {
		this.meters.counter(outcome.meter, "type", (type != null) ? type : "none").increment();
		return outcome;
	}

	/**
	 * A record read from the topic: its {@code ce_id} and {@code ce_type} and its body.
	 */
	public record RawEvent(String ceId, String type, byte[] body) {

	}

	/**
	 * Applies a rebuild's records a batch at a time. It remembers the events and versions
	 * it has written, as the model was emptied when it began and this instance's consumer
	 * is stopped, so it needs no reads; each batch is a few bulk writes. A batch is
	 * {@link #prepare prepared} in memory and then {@link Writes#write written}, so the
	 * next batch can be prepared while one is written, as long as they are written in
	 * order.
	 */
	public final class Replay {

		private final Set<String> seen = new HashSet<>();

		private final Map<String, Long> groupVersions = new HashMap<>();

		private final Map<String, Long> milestoneVersions = new HashMap<>();

		private Replay() {
		}

		/**
		 * Decides what the records change, after the records of every batch prepared
		 * before, without writing anything.
		 */
		public Writes prepare(List<RawEvent> records) {
			Map<String, GroupProfile> groups = new LinkedHashMap<>();
			Map<String, MilestoneEntry> milestones = new LinkedHashMap<>();
			List<ProcessedEvent> processed = new ArrayList<>();
			int malformed = 0;
			for (RawEvent record : records) {
				if (!EventTypes.isKnown(record.type())) {
					count(Outcome.SKIPPED, record.type());
					continue;
				}
				ActivityEvent event;
				try {
					event = decode(record.ceId(), record.type(), record.body());
				}
				catch (MalformedEventException ex) {
					malformed++;
					continue;
				}
				if (!this.seen.add(record.ceId())) {
					count(Outcome.DUPLICATE, record.type());
					continue;
				}
				processed.add(new ProcessedEvent(record.ceId(), event.groupOf(), record.type(), occurredAt(event)));
				Object entity = entity(event);
				boolean newer = (entity instanceof GroupProfile group)
						? newer(this.groupVersions, group.id(), group.version(), groups, group)
						: newer(this.milestoneVersions, (MilestoneEntry) entity, milestones);
				count(newer ? Outcome.APPLIED : Outcome.STALE, record.type());
			}
			return new Writes(groups.values(), milestones.values(), processed, malformed);
		}

		private static boolean newer(Map<String, Long> versions, MilestoneEntry milestone,
				Map<String, MilestoneEntry> batch) {
			return newer(versions, milestone.key(), milestone.version(), batch, milestone);
		}

		private static <T> boolean newer(Map<String, Long> versions, String id, long version, Map<String, T> batch,
				T entity) {
			Long held = versions.get(id);
			if (held != null && held >= version) {
				return false;
			}
			versions.put(id, version);
			batch.put(id, entity);
			return true;
		}

	}

	/**
	 * What one batch of a replay changes; batches must be written in the order they were
	 * prepared.
	 */
	public final class Writes {

		private final Collection<GroupProfile> groups;

		private final Collection<MilestoneEntry> milestones;

		private final List<ProcessedEvent> processed;

		private final int malformed;

		private Writes(Collection<GroupProfile> groups, Collection<MilestoneEntry> milestones,
				List<ProcessedEvent> processed, int malformed) {
			this.groups = groups;
			this.milestones = milestones;
			this.processed = processed;
			this.malformed = malformed;
		}

		/**
		 * Stores the batch's groups and milestones, waiting out a short MongoDB outage;
		 * independent of {@link #writeProcessed}, so the two may run side by side.
		 */
		public void writeModel() {
			patiently(() -> {
				EventIngestion.this.model.insertAll(this.groups, this.milestones);
				return null;
			});
		}

		/** Remembers the batch's events, waiting out a short MongoDB outage. */
		public void writeProcessed() {
			patiently(() -> {
				EventIngestion.this.processed.rememberAll(this.processed);
				return null;
			});
		}

		/**
		 * How many of the batch's records were malformed (dead-lettered when they first
		 * arrived), skipped.
		 */
		public int malformed() {
			return this.malformed;
		}

	}

	/** A record read and what it says. */
	private record Decoded(Incoming record, String ceId, String type, ActivityEvent event) {

		String traceparent() {
			return this.record.header(Traces.TRACEPARENT);
		}

	}

	/** What became of one event. */
	public enum Outcome {

		APPLIED("events.applied"), DUPLICATE("events.duplicates"), STALE("events.stale"), SKIPPED("events.skipped");

		private final String meter;

		Outcome(String meter) {
			this.meter = meter;
		}

	}

}
