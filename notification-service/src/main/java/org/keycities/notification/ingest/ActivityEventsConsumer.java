package org.keycities.notification.ingest;

import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.keycities.intake.DeadLetters;
import org.keycities.intake.FailedBatches;
import org.keycities.intake.Incoming;

import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.messaging.Message;

/**
 * Binding {@code activityEvents-in-0}: topic {@code activity-events}, consumer group
 * {@code notification-service}, in batches (all the records one poll of a partition
 * returns, see application.yml); offsets are committed after the handler returned, that
 * is after the MongoDB writes. {@link EventIngest} dead-letters a record that cannot be
 * taken in by itself, to {@code activity-events.notification-service.dlq} through binding
 * {@code undeliverableEvents-out-0}, so the binder's own dead-lettering (which in batch
 * mode sends the whole batch) is off.
 */
@Configuration(proxyBeanMethods = false)
class ActivityEventsConsumer {

	static final String DEAD_LETTERS = "undeliverableEvents-out-0";

	@Bean
	Consumer<Message<List<byte[]>>> activityEvents(EventIngest ingest) {
		return (batch) -> ingest.acceptAll(Incoming.of(batch));
	}

	@Bean
	DeadLetters deadLetters(StreamBridge bridge, MeterRegistry meters) {
		return new DeadLetters(bridge, DEAD_LETTERS, meters);
	}

	@Bean
	ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> readFailedBatchesAgain() {
		return FailedBatches.readAgain();
	}

}
