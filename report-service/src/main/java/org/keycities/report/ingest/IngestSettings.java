package org.keycities.report.ingest;

import java.time.Duration;

import org.keycities.intake.Attempts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param mongoPatience how long one event waits for an unreachable MongoDB before it
 * counts as a failed attempt (each attempt waits as long again); keep {@code attempts}
 * times it well under the consumer's {@code max.poll.interval.ms} (5 minutes)
 * @param attempts how often an event is tried before it goes to the dead-letter topic
 * (default 3)
 * @param firstPause the pause after the first failed attempt, doubling after each
 * (default 100 ms)
 * @param maxPause the longest pause between attempts (default 500 ms)
 */
@ConfigurationProperties("tracker.report.ingest")
record IngestSettings(Duration mongoPatience, Integer attempts, Duration firstPause, Duration maxPause) {

	IngestSettings {
		mongoPatience = (mongoPatience != null) ? mongoPatience : Duration.ofSeconds(60);
		attempts = (attempts != null) ? attempts : 3;
		firstPause = (firstPause != null) ? firstPause : Duration.ofMillis(100);
		maxPause = (maxPause != null) ? maxPause : Duration.ofMillis(500);
	}

	Attempts attemptsAtAnEvent() {
		return new Attempts(this.attempts, this.firstPause, this.maxPause);
	}

}
