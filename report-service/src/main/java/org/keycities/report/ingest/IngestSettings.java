package org.keycities.report.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param mongoPatience how long one event waits for an unreachable MongoDB before its
 * failure goes to the binder (and, after its attempts, to the dead-letter topic); keep it
 * well under the consumer's {@code max.poll.interval.ms} (5 minutes)
 */
@ConfigurationProperties("tracker.report.ingest")
record IngestSettings(Duration mongoPatience) {

	IngestSettings {
		mongoPatience = (mongoPatience != null) ? mongoPatience : Duration.ofSeconds(60);
	}

}
