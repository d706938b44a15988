package org.keycities.report.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.keycities.activity.events.ActivityEvent;
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

	private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

	private final EventCodec codec;

	private final ReportModel model;

	private final ProcessedEvents processed;

	private final MeterRegistry meters;

	private final IngestSettings settings;

	EventIngestion(EventCodec codec, ReportModel model, ProcessedEvents processed, MeterRegistry meters,
			IngestSettings settings) {
		this.codec = codec;
		this.model = model;
		this.processed = processed;
		this.meters = meters;
		this.settings = settings;
	}

	/**
	 * @throws MalformedEventException if a known type's body is not JSON, breaks its
	 * schema, or the record has no {@code ce_id}
	 */
	public Outcome apply(String ceId, String type, byte[] body) {
		if (!EventTypes.isKnown(type)) {
			// a newer producer may publish types this version does not know yet
			log.info("Skipping event {} of unknown type {}", ceId, type);
			return count(Outcome.SKIPPED, type);
		}
		ActivityEvent event;
		try {
			event = this.codec.read(type, body);
			if (ceId == null || ceId.isBlank()) {
				throw new MalformedEventException("A " + type + " event has no ce_id header", null);
			}
			checkDate(event);
		}
		catch (MalformedEventException ex) {
			// counted per attempt: the binder retries, then dead-letters it
			this.meters.counter("events.malformed", "type", type).increment();
			throw ex;
		}
		return count(patiently(() -> applyOnce(ceId, type, event)), type);
	}

	private Outcome applyOnce(String ceId, String type, ActivityEvent event) {
		if (this.processed.contains(ceId)) {
			return Outcome.DUPLICATE;
		}
		boolean stored = store(event);
		this.processed.remember(new ProcessedEvent(ceId, event.groupOf(), type, occurredAt(event)));
		if (stored) {
			log.info("Applied {} {} for {}", type, ceId, event.subject());
		}
		return stored ? Outcome.APPLIED : Outcome.STALE;
	}

	/**
	 * Waits out a short MongoDB outage here, holding the partition, rather than letting
	 * the binder's few quick attempts send a good event to the dead-letter topic. Each
	 * attempt is idempotent, so repeating one is safe. Past the patience the failure goes
	 * to the binder like any other.
	 */
	private Outcome patiently(Supplier<Outcome> write) {
		Instant giveUp = Instant.now().plus(this.settings.mongoPatience());
		Duration pause = Duration.ofMillis(100);
		while (true) {
			try {
				return write.get();
			}
			catch (DataAccessResourceFailureException ex) {
				if (Instant.now().plus(pause).isAfter(giveUp)) {
					throw ex;
				}
				log.warn("MongoDB is unreachable ({}); trying again in {} ms", ex.getMessage(), pause.toMillis());
				sleep(pause);
				pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
			}
		}
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for MongoDB", ex);
		}
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
		if (event instanceof GroupChanged group) {
			return this.model.store(GroupProfile.of(group));
		}
		if (event instanceof MilestoneRecorded recorded) {
			return this.model.store(MilestoneEntry.of(recorded.milestone(), MilestoneStatus.ACTIVE));
		}
		if (event instanceof MilestoneAmended amended) {
			return this.model.store(MilestoneEntry.of(amended.milestone(), MilestoneStatus.ACTIVE));
		}
		if (event instanceof MilestoneWithdrawn withdrawn) {
			return this.model.store(MilestoneEntry.of(withdrawn.milestone(), MilestoneStatus.WITHDRAWN));
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

	/** What became of one event. */
	public enum Outcome {

		APPLIED("events.applied"), DUPLICATE("events.duplicates"), STALE("events.stale"), SKIPPED("events.skipped");

		private final String meter;

		Outcome(String meter) {
			this.meter = meter;
		}

	}

}
