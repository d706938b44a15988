package org.keycities.activity.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Publishes the events that the relay left behind (Kafka was down, the process stopped
 * between the write and the publish). Runs under a lock in MongoDB, so that of several
 * instances only one sweeps at a time.
 */
@Component
public class OutboxSweep implements SchedulingConfigurer {

	static final String LOCK = "outbox-sweep";

	private static final Log log = LogFactory.getLog(OutboxSweep.class);

	private final MongoTemplate mongo;

	private final EventRelay relay;

	private final LockingTaskExecutor locks;

	private final OutboxSettings settings;

	private final Clock clock;

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
		this.locks.executeWithLock((Runnable) this::sweep,
				new LockConfiguration(now, LOCK, this.settings.sweepInterval().multipliedBy(12), Duration.ZERO));
	}

	/**
	 * Publishes every pending event older than the grace period, document by document;
	 * stops at the first failure, as the broker is then most likely down.
	 */
	void sweep() {
		Instant cutoff = this.clock.instant().minus(this.settings.gracePeriod());
		for (String collection : this.settings.collections()) {
			Query query = Query.query(Criteria.where("pendingEvents.createdAt").lt(cutoff))
				.limit(this.settings.sweepBatch());
			query.fields().include("pendingEvents");
			for (PendingDocument document : this.mongo.find(query, PendingDocument.class, collection)) {
				List<PendingEvent> due = document.pendingEvents()
					.stream()
					.filter((event) -> event.createdAt().isBefore(cutoff))
					.toList();
				if (!this.relay.publishLeftBehind(collection, document.id(), due)) {
					log.info("The sweep stops until its next run: Kafka does not take events now");
					return;
				}
			}
		}
	}

	record PendingDocument(@Id String id, List<PendingEvent> pendingEvents) {

		PendingDocument {
			pendingEvents = pendingEvents == null ? List.of() : pendingEvents;
		}

	}

}
