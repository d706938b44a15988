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
 * dead-letter topic as destination and {@code producer.sync: true}), the container's
 * handling of a batch that failed as a whole ({@link FailedBatches}) and how often it
 * commits offsets ({@link Commits}).
 */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

	/** The output binding dead letters go through. */
	public static final String DEAD_LETTERS = "undeliverableEvents-out-0";

	@Bean
	DeadLetters deadLetters(StreamBridge bridge, MeterRegistry meters) {
		return new DeadLetters(bridge, DEAD_LETTERS, meters);
	}

	/*
	 * The binder takes a single customizer (a second bean of the type stops it from
	 * starting): every setting of the listener containers goes here.
	 */
	@Bean
	ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> listenerContainers() {
		return (container, destination, group) -> {
			FailedBatches.readAgain(container, destination);
			Commits.everyInterval(container.getContainerProperties());
		};
	}

}
