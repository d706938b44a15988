package org.keycities.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AttemptsTests {

	final Attempts three = new Attempts(3, Duration.ofMillis(10), Duration.ofMillis(15));

	final AtomicInteger tries = new AtomicInteger();

	final List<Integer> retried = new ArrayList<>();

	@Test
	void workThatSucceedsOnASecondAttemptReturnsNoFailure() {
		RuntimeException failure = this.three.run(() -> {
			if (this.tries.incrementAndGet() == 1) {
				throw new IllegalStateException("first");
			}
		}, (attempt, ex) -> this.retried.add(attempt));

		assertThat(failure).isNull();
		assertThat(this.tries).hasValue(2);
		assertThat(this.retried).containsExactly(1);
	}

	@Test
	void workThatKeepsFailingIsTriedAsOftenAsAllowedAndItsLastFailureReturned() {
		RuntimeException failure = this.three.run(() -> {
			throw new IllegalStateException("attempt " + this.tries.incrementAndGet());
		}, (attempt, ex) -> this.retried.add(attempt));

		assertThat(failure).hasMessage("attempt 3");
		assertThat(this.retried).containsExactly(1, 2);
	}

	@Test
	void pausesDoubleUpToTheLongest() {
		assertThat(this.three.pauseAfter(1)).isEqualTo(Duration.ofMillis(10));
		assertThat(this.three.pauseAfter(2)).isEqualTo(Duration.ofMillis(15));
		assertThat(this.three.pauseAfter(40)).isEqualTo(Duration.ofMillis(15));
	}

	@Test
	void atLeastOneAttemptIsNeeded() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Attempts(0, Duration.ZERO, Duration.ZERO));
	}

}
