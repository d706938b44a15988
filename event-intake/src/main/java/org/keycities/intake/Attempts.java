package org.keycities.intake;

import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * How often a record is tried before it goes to the dead-letter topic, and the pauses
 * between tries: the first, then twice as long each time, at most the longest.
 *
 * @param max how many attempts in all, at least 1
 * @param firstPause the pause after the first failed attempt
 * @param maxPause the longest pause
 */
public record Attempts(int max, Duration firstPause, Duration maxPause) {

	public Attempts {
		if (max < 1) {
			throw new IllegalArgumentException("At least one attempt is needed, not " + max);
		}
	}

	/**
	 * Runs the work until it succeeds or every attempt failed.
	 * @param beforeNext told of each failed attempt (its number, from 1) that another
	 * follows, to log it
	 * @return the last attempt's failure, or null once the work succeeded
	 */
	public RuntimeException run(Runnable work, BiConsumer<Integer, RuntimeException> beforeNext) {
		for (int attempt = 1;; attempt++) {
			try {
				work.run();
				return null;
			}
			catch (RuntimeException ex) {
				if (attempt >= this.max) {
					return ex;
				}
				beforeNext.accept(attempt, ex);
				pause(pauseAfter(attempt));
			}
		}
	}

	/** The pause after the given failed attempt (1 for the first). */
	Duration pauseAfter(int failedAttempts) {
		Duration pause = this.firstPause.multipliedBy(1L << Math.min(failedAttempts - 1, 20));
		return (pause.compareTo(this.maxPause) > 0) ? this.maxPause : pause;
	}

	private static void pause(Duration pause) {
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted between attempts", ex);
		}
	}

}
