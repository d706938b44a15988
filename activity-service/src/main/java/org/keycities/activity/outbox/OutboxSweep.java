package org.keycities.activity.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.Document;
import org.keycities.activity.outbox.EventRelay.LeftBehind;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Publishes the events that the relay left behind (Kafka was down, the process stopped
 * between the write and the publish). Runs under a lock in MongoDB, so that of several
 * instances only one sweeps at a time. It reads only the documents that have a pending
 * mark ({@link PendingMarks}), not whole collections.
 */
@Component
public class OutboxSweep implements SchedulingConfigurer {

	static final String LOCK = "outbox-sweep";

	/**
	 * How many documents' events the sweep hands to the relay at a time, to be published
	 * together.
	 */
	private static final int TOGETHER = 100;

	private static final Log log = LogFactory.getLog(OutboxSweep.class);

	private final MongoTemplate mongo;

	private final EventRelay relay;

	private final LockingTaskExecutor locks;

	private final OutboxSettings settings;

	private final Clock clock;

	/**
	 * Whether this instance has marked the documents written before pending marks
	 * existed.
	 */
	private boolean markedOlderDocuments;

	OutboxSweep(MongoTemplate mongo, EventRelay relay, LockingTaskExecutor locks, OutboxSettings settings,
			Clock clock) {
		this.mongo = mongo;
		this.relay = relay;
		this.locks = locks;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::sweepUnderLock, this.settings.sweepInterval());
	}

	/** One sweep, if no other instance is sweeping now. */
	public void sweepUnderLock() {
		Instant now = this.clock.instant();
		this.locks.executeWithLock((Runnable) this::sweep, new LockConfiguration(now, LOCK, lockTime(), Duration.ZERO));
	}

	/**
	 * How long a sweep's lock lasts at most: another instance may sweep after it, so a
	 * sweep stops taking documents after half of it.
	 */
	private Duration lockTime() {
		return this.settings.sweepInterval().multipliedBy(12);
	}

	/**
	 * Publishes every pending event older than the grace period, many documents'
	 * together, up to {@code sweepBatch} documents of each collection and for half the
	 * lock's time; stops once Kafka did not take an event, as the broker is then most
	 * likely down. A backlog (the relay's queues were full, Kafka was down) thus drains
	 * at the pace of publishing, not of 200 documents every few seconds (33 events a
	 * second, as before).
	 */
	void sweep() {
		if (!this.markedOlderDocuments) {
			markOlderDocuments();
			this.markedOlderDocuments = true;
		}
		Instant cutoff = this.clock.instant().minus(this.settings.gracePeriod());
		long deadline = System.nanoTime() + lockTime().toNanos() / 2;
		for (String collection : this.settings.collections()) {
			if (!sweep(collection, cutoff, deadline)) {
				log.info("The sweep stops until its next run: Kafka does not take events now");
				return;
			}
		}
	}

	/**
	 * Publishes the due events of up to {@code sweepBatch} documents of the collection,
	 * {@link #TOGETHER} documents at a time, until the deadline
	 * ({@link System#nanoTime()}), reading only the documents that have a pending mark,
	 * and removes the marks of those left without pending events (the process stopped
	 * between the relay's pull and its unmark).
	 * @return false if Kafka did not take an event
	 */
	private boolean sweep(String collection, Instant cutoff, long deadline) {
		Query marked = PendingMarks.marked();
		marked.fields().include(Outbox.PENDING_EVENTS).include(Outbox.PENDING_MARK);
		int taken = 0;
		List<LeftBehind> together = new ArrayList<>();
		try (Stream<PendingDocument> documents = this.mongo.stream(marked, PendingDocument.class, collection)) {
			Iterator<PendingDocument> each = documents.iterator();
			while (taken < this.settings.sweepBatch() && System.nanoTime() - deadline < 0 && each.hasNext()) {
				PendingDocument document = each.next();
				if (document.pendingEvents().isEmpty()) {
					this.relay.unmark(collection, document.pendingMark());
					continue;
				}
				List<PendingEvent> due = document.pendingEvents()
					.stream()
					.filter((event) -> event.createdAt().isBefore(cutoff))
					.toList();
				if (due.isEmpty()) {
					continue;
				}
				taken++;
				// with the mark if they are all it holds: one write then removes both
				together.add(new LeftBehind(document.id(), due,
						(due.size() == document.pendingEvents().size()) ? document.pendingMark() : null));
				if (together.size() == TOGETHER) {
					if (!this.relay.publishLeftBehind(collection, together)) {
						return false;
					}
					together.clear();
				}
			}
		}
		return this.relay.publishLeftBehind(collection, together);
	}

	/**
	 * Gives a pending mark to the documents that hold pending events without one: those
	 * written before marks existed. Runs once, on this instance's first sweep, and reads
	 * whole collections to do it; without regard to the grace period, as the sweeps after
	 * it see only marked documents. A mark set here over one a change has just set is
	 * harmless: at worst a mark stays on a document without events until the next sweep
	 * removes it.
	 */
	private void markOlderDocuments() {
		for (String collection : this.settings.collections()) {
			Query unmarked = Query.query(Criteria.where(Outbox.PENDING_EVENTS + ".eventId")
				.exists(true)
				.and(Outbox.PENDING_MARK)
				.exists(false));
			unmarked.fields().include("_id");
			for (Document document : this.mongo.find(unmarked, Document.class, collection)) {
				this.mongo.updateFirst(Query.query(Criteria.where("_id").is(document.get("_id"))),
						new Update().set(Outbox.PENDING_MARK, PendingMarks.fresh()), collection);
			}
		}
	}

	record PendingDocument(@Id String id, List<PendingEvent> pendingEvents, String pendingMark) {

		PendingDocument {
			pendingEvents = pendingEvents == null ? List.of() : pendingEvents;
		}

	}

}
