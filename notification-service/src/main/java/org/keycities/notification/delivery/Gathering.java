package org.keycities.notification.delivery;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a task on an executor a short while after it is first asked for; whatever asks for
 * it meanwhile is served by that same run. An ask that comes once the run has started
 * leads to another run, so nothing asked for is left out.
 */
final class Gathering {

	private final AtomicBoolean asked = new AtomicBoolean();

	private final Executor executor;

	private final Duration gather;

	private final Runnable task;

	Gathering(Executor executor, Duration gather, Runnable task) {
		this.executor = executor;
		this.gather = gather;
		this.task = task;
	}

	void ask() {
		if (this.asked.compareAndSet(false, true)) {
			this.executor.execute(() -> {
				pause();
				this.asked.set(false);
				this.task.run();
			});
		}
	}

	private void pause() {
		try {
			Thread.sleep(this.gather.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
