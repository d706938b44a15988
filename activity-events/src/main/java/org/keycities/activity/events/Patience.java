package org.keycities.activity.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * How a consumer of these events waits out a short outage of its own store while it holds
 * the partition, rather than letting its binder's few quick attempts send a good event to
 * the dead-letter topic. The work is tried again, after a pause that doubles from 100 ms
 * to at most 5 s, for as long as it fails with the given kind of failure and the patience
 * lasts; so the work must be safe to repeat. Past the patience, and on any other failure,
 * the failure goes to the caller.
 */
public final class Patience {

	private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

	private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

	private final Duration patience;

	private final Class<? extends RuntimeException> outage;

	private final BiConsumer<RuntimeException, Duration> beforePause;

	/**
	 * @param patience how long to keep trying; keep it well under the consumer's
	 * {@code max.poll.interval.ms} (5 minutes by default)
	 * @param outage the failure that means the store is unreachable
	 * @param beforePause told of each failure waited out and of the pause before the next
	 * try, to log it
	 */
	public Patience(Duration patience, Class<? extends RuntimeException> outage,
			BiConsumer<RuntimeException, Duration> beforePause) {
		this.patience = Objects.requireNonNull(patience, "patience");
		this.outage = Objects.requireNonNull(outage, "outage");
		this.beforePause = Objects.requireNonNull(beforePause, "beforePause");
	}

	/** The work's result, once it succeeds. */
	public <T> T get(Supplier<T> work) {
		Instant giveUp = Instant.now().plus(this.patience);
		Duration pause = FIRST_PAUSE;
		while (true) {
			try {
				return work.get();
			}
			catch (RuntimeException ex) {
				if (!this.outage.isInstance(ex) || Instant.now().plus(pause).isAfter(giveUp)) {
					throw ex;
				}
				this.beforePause.accept(ex, pause);
				sleep(pause);
				pause = (pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0) ? MAX_PAUSE : pause.multipliedBy(2);
			}
		}
	}

	/** Runs the work until it succeeds. */
	public void run(Runnable work) {
		get(() -> {
			work.run();
			return null;
		});
	}

	private static void sleep(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the store to come back", ex);
		}
	}

}
