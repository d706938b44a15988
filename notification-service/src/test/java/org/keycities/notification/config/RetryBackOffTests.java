package org.keycities.notification.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryBackOffTests {

	final NotificationSettings.Retry defaults = new NotificationSettings.Retry(Duration.ofSeconds(30),
			Duration.ofHours(1), 2, 10);

	@Test
	void waitDoublesFromThirtySecondsUpToOneHour() {
		assertThat(this.defaults.delayAfter(1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.defaults.delayAfter(2)).isEqualTo(Duration.ofMinutes(1));
		assertThat(this.defaults.delayAfter(3)).isEqualTo(Duration.ofMinutes(2));
		assertThat(this.defaults.delayAfter(7)).isEqualTo(Duration.ofMinutes(32));
		assertThat(this.defaults.delayAfter(8)).isEqualTo(Duration.ofHours(1));
		assertThat(this.defaults.delayAfter(9)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void refusesToStartWithoutASigningSecret() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new NotificationSettings("http://localhost:8083", "a@b.example", "short",
					Duration.ofDays(1), null, this.defaults, null, null))
			.withMessageContaining("tracker.notification.token-secret");
	}

}
