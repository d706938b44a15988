package org.keycities.intake;

import java.time.Duration;

import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * How often a service reading {@code activity-events} commits the offsets it has taken
 * in: at most once every {@link #INTERVAL}, instead of after every batch. A batch's
 * offsets are still committed only after its handler returned, that is after its MongoDB
 * writes; they are also committed when the partitions are revoked and when the binding
 * stops. At the steady state of 200 milestones a second a batch is one or two records, so
 * each service committed a hundred times a second or more, each commit a request the
 * broker writes to its offsets topic and the consumer waits for before it polls again:
 * Kafka's group coordinator spent about a second of CPU on them in every 30 s
 * (docs/performance.md, sixteenth round). What a crash can cost is that up to a second's
 * events are read again, which taking events in ignores as duplicates.
 */
public final class Commits {

	/** The longest a taken-in batch waits to have its offsets committed. */
	public static final Duration INTERVAL = Duration.ofSeconds(1);

	private Commits() {
	}

	/**
	 * Commit every {@link #INTERVAL}, and poll at least as often, so that the last batch
	 * before a pause is committed within twice the interval rather than after the
	 * container's five-second poll.
	 */
	static void everyInterval(ContainerProperties container) {
		container.setAckMode(AckMode.TIME);
		container.setAckTime(INTERVAL.toMillis());
		container.setPollTimeout(INTERVAL.toMillis());
	}

}
