package org.keycities.intake;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * What a service reading {@code activity-events} in batches imports: its
 * {@link DeadLetters}, sent through binding {@value #DEAD_LETTERS} (give it the
 * dead-letter topic as destination and {@code producer.sync: true}), and the container's
 * handling of a batch that failed as a whole ({@link FailedBatches}).
 */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

	/** The output binding dead letters go through. */
	public static final String DEAD_LETTERS = "undeliverableEvents-out-0";

	@Bean
	DeadLetters deadLetters(StreamBridge bridge, MeterRegistry meters) {
		return new DeadLetters(bridge, DEAD_LETTERS, meters);
	}

	@Bean
	ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> readFailedBatchesAgain() {
		return FailedBatches.readAgain();
	}

}
