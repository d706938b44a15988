package org.keycities.notification.ingest;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Binding {@code activityEvents-in-0}: topic {@code activity-events}, consumer group
 * {@code notification-service}, in batches (all the records one poll of a partition
 * returns, see application.yml); offsets are committed after the handler returned, that
 * is after the MongoDB writes. {@link EventIngest} dead-letters a record that cannot be
 * taken in by itself, so the binder's own dead-lettering (which in batch mode sends the
 * whole batch) is off.
 */
@Configuration(proxyBeanMethods = false)
class ActivityEventsConsumer {

	private static final Logger log = LoggerFactory.getLogger(ActivityEventsConsumer.class);

	@Bean
	Consumer<Message<List<byte[]>>> activityEvents(EventIngest ingest) {
		return (batch) -> ingest.acceptAll(Incoming.of(batch));
	}

	/**
	 * What is left to the container: a batch whose handler failed as a whole (the
	 * dead-letter topic did not take a record) is read again, after a pause growing to 30
	 * s, for as long as it keeps failing: never skipped, as Spring Kafka's default would
	 * after ten tries. Taking in is idempotent, so reading a batch again is safe.
	 */
	@Bean
	ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> readFailedBatchesAgain() {
		return (container, destination, group) -> {
			ExponentialBackOff backOff = new ExponentialBackOff(1000, 2);
			backOff.setMaxInterval(30_000);
			DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> log
				.error("Gave up on the record {} of {}", record.offset(), destination, failure), backOff);
			container.setCommonErrorHandler(handler);
		};
	}

}
