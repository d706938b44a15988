package org.keycities.notification.config;

import java.time.Duration;

import org.keycities.intake.Attempts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the notification service ({@code tracker.notification.*}).
 *
 * @param baseUrl where recipients reach this service, for the links in emails
 * @param from the sender of every email
 * @param tokenSecret the key that signs unsubscribe and preferences links
 * @param tokenValidity how long such a link works
 * @param ingest how events are taken in
 */
@ConfigurationProperties("tracker.notification")
public record NotificationSettings(@DefaultValue("http://localhost:8083") String baseUrl,
		@DefaultValue("SIG activity tracker <notifications@notification.keycities>") String from, String tokenSecret,
		@DefaultValue("365d") Duration tokenValidity, @DefaultValue Sender sender, @DefaultValue Retry retry,
		@DefaultValue Digest digest, @DefaultValue Ingest ingest) {

	public NotificationSettings {
		if (tokenSecret == null || tokenSecret.length() < 16) {
			throw new IllegalArgumentException(
					"tracker.notification.token-secret must be set to a secret of at least 16 characters");
		}
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

	/**
	 * @param pollInterval how often due deliveries are looked for
	 * @param lease how long a claimed delivery stays with one sender before another may
	 * take it over (a crash mid-send); a whole batch must be composed and sent within it
	 * @param batchSize how many due deliveries are claimed together and sent over one
	 * SMTP connection
	 * @param connections how many batches may be sent at the same time, each over its own
	 * SMTP connection
	 * @param groupNameWait how long an email about a milestone that arrived before its
	 * group's profile waits for the group's name before it goes under the group's id
	 * @param keepAlive how long an SMTP connection is kept open after a batch for the
	 * next one (mail servers close idle connections after a few minutes)
	 * @param gather how long the sending loop waits, once nudged (deliveries opened due
	 * while every sender thread was busy), for others to join them, so that they are sent
	 * in batches rather than one email at a time (each batch costs the same few reads and
	 * writes however small); deliveries opened with a sender thread free go at once
	 */
	public record Sender(@DefaultValue("1s") Duration pollInterval, @DefaultValue("2m") Duration lease,
			@DefaultValue("50") int batchSize, @DefaultValue("4") int connections,
			@DefaultValue("1m") Duration groupNameWait, @DefaultValue("10s") Duration keepAlive,
			@DefaultValue("20ms") Duration gather) {

		public Sender {
			if (batchSize < 1) {
				throw new IllegalArgumentException("tracker.notification.sender.batch-size must be at least 1");
			}
			if (connections < 1) {
				throw new IllegalArgumentException("tracker.notification.sender.connections must be at least 1");
			}
			if (gather.isNegative()) {
				throw new IllegalArgumentException("tracker.notification.sender.gather must not be negative");
			}
		}

	}

	/**
	 * Exponential back-off of failed sends; after {@code maxAttempts} a delivery FAILED.
	 */
	public record Retry(@DefaultValue("30s") Duration initialInterval, @DefaultValue("1h") Duration maxInterval,
			@DefaultValue("2") double multiplier, @DefaultValue("10") int maxAttempts) {

		/** The wait after the given number of failed attempts (1 = the first failure). */
		public Duration delayAfter(int failedAttempts) {
			double millis = this.initialInterval.toMillis()
					* Math.pow(this.multiplier, Math.max(0, failedAttempts - 1));
			return Duration.ofMillis((long) Math.min(millis, this.maxInterval.toMillis()));
		}

	}

	/** When the weekly digest goes out; cron {@code -} switches it off. */
	public record Digest(@DefaultValue("0 0 8 * * MON") String cron, @DefaultValue("Europe/London") String zone) {
	}

	/**
	 * @param mongoPatience how long one event waits for an unreachable MongoDB, holding
	 * its partition, before it counts as a failed attempt (each attempt waits as long
	 * again); keep {@code attempts} times it well under the consumer's
	 * {@code max.poll.interval.ms} (5 minutes)
	 * @param attempts how often an event is tried before it goes to the dead-letter topic
	 * @param firstPause the pause after the first failed attempt; each next one is twice
	 * as long
	 * @param maxPause the longest pause between attempts
	 */
	public record Ingest(@DefaultValue("60s") Duration mongoPatience, @DefaultValue("3") int attempts,
			@DefaultValue("200ms") Duration firstPause, @DefaultValue("2s") Duration maxPause) {

		/** The attempts at one event before it goes to the dead-letter topic. */
		public Attempts attemptsAtAnEvent() {
			return new Attempts(this.attempts, this.firstPause, this.maxPause);
		}

	}

}
