package org.keycities.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What is left to the listener container when a service reads batches and dead-letters
 * bad records itself: a batch whose handler failed as a whole (the dead-letter topic did
 * not take a record, say) is read again, after a pause growing to 30 s, for as long as it
 * keeps failing; never skipped, as Spring Kafka's default would after ten tries. Taking
 * events in is idempotent, so reading a batch again is safe.
 */
public final class FailedBatches {

	private static final Logger log = LoggerFactory.getLogger(FailedBatches.class);

	private FailedBatches() {
	}

	/** Sets the handling on a container reading {@code destination}. */
	static void readAgain(AbstractMessageListenerContainer<?, ?> container, String destination) {
		ExponentialBackOff backOff = new ExponentialBackOff(1000, 2);
		backOff.setMaxInterval(30_000);
		container.setCommonErrorHandler(new DefaultErrorHandler((record, failure) -> log
			.error("Gave up on the record at offset {} of {}", record.offset(), destination, failure), backOff));
	}

}
