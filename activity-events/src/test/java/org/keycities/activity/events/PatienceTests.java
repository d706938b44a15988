package org.keycities.activity.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PatienceTests {

	final List<Duration> pauses = new ArrayList<>();

	final AtomicInteger tries = new AtomicInteger();

	@Test
	void anOutageShorterThanThePatienceIsWaitedOutWithGrowingPauses() {
		Patience patience = new Patience(Duration.ofSeconds(10), IllegalStateException.class,
				(failure, pause) -> this.pauses.add(pause));

		String result = patience.get(() -> {
			if (this.tries.incrementAndGet() < 4) {
				throw new IllegalStateException("store unreachable");
			}
			return "stored";
		});

		assertThat(result).isEqualTo("stored");
		assertThat(this.tries).hasValue(4);
		assertThat(this.pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
	}

	@Test
	void anOutageLongerThanThePatienceGoesToTheCaller() {
		Patience patience = new Patience(Duration.ofMillis(250), IllegalStateException.class,
				(failure, pause) -> this.pauses.add(pause));

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> patience.run(() -> {
			this.tries.incrementAndGet();
			throw new IllegalStateException("store unreachable");
		}));
		// 100 ms and then 200 ms would end past the 250 ms
		assertThat(this.tries).hasValue(2);
		assertThat(this.pauses).containsExactly(Duration.ofMillis(100));
	}

	@Test
	void anyOtherFailureGoesToTheCallerAtOnce() {
		Patience patience = new Patience(Duration.ofSeconds(10), IllegalStateException.class,
				(failure, pause) -> this.pauses.add(pause));

		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> patience.run(() -> {
			this.tries.incrementAndGet();
			throw new UncheckedIOException(new IOException("not the store"));
		}));
		assertThat(this.tries).hasValue(1);
		assertThat(this.pauses).isEmpty();
	}

}
