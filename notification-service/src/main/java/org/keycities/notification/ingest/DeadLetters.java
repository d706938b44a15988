package org.keycities.notification.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.stream.binder.kafka.utils.DlqPartitionFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Counts records sent to {@code activity-events.notification-service.dlq}. The binder
 * asks this function for the dead-letter partition of every such record, which makes it
 * the one place that sees them all; it keeps the binder's default (the original
 * partition).
 */
@Configuration(proxyBeanMethods = false)
class DeadLetters {

	@Bean
	DlqPartitionFunction countingDlqPartitionFunction(MeterRegistry registry) {
		Counter deadLettered = Counter.builder("events.dead.lettered")
			.description("Events sent to the dead-letter topic after bounded retries")
			.register(registry);
		return (group, record, failure) -> {
			deadLettered.increment();
			return DlqPartitionFunction.ORIGINAL_PARTITION.apply(group, record, failure);
		};
	}

}
