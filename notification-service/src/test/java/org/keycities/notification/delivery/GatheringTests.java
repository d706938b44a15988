package org.keycities.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sender's nudges: asks that come close together are served by one run, started once
 * the gathering time has passed, and an ask during a run is served by another.
 */
class GatheringTests {

	private static final Duration GATHER = Duration.ofMillis(300);

	final ExecutorService executor = Executors.newCachedThreadPool();

	/** When each run started, in nanoseconds. */
	final List<Long> runs = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void asksWithinTheGatheringTimeAreServedByOneRunThatWaitsForIt() {
		Gathering gathering = new Gathering(this.executor, GATHER, () -> this.runs.add(System.nanoTime()));
		long firstAsk = System.nanoTime();
		for (int i = 0; i < 5; i++) {
			gathering.ask();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.runs.size() == 1);
		assertThat(this.runs.get(0) - firstAsk).isGreaterThanOrEqualTo(GATHER.toNanos());
		// nothing else was asked for, so nothing else runs
		pause(GATHER.multipliedBy(2));
		assertThat(this.runs).hasSize(1);

		gathering.ask();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.runs.size() == 2);
	}

	@Test
	void anAskWhileTheTaskRunsIsServedByAnotherRun() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		Gathering gathering = new Gathering(this.executor, Duration.ofMillis(10), () -> {
			this.runs.add(System.nanoTime());
			running.countDown();
			awaitQuietly(finish);
		});
		gathering.ask();
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
		// what this asks for may have come too late for the run under way
		gathering.ask();
		finish.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.runs.size() == 2);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
