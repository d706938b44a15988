package org.keycities.report.ingest;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The brokers the binder uses; the rebuild reads the topic from the same ones. (The
 * binder's own properties bean lives in its child context, out of reach.)
 */
@ConfigurationProperties("spring.cloud.stream.kafka.binder")
record BrokerSettings(List<String> brokers) {

	BrokerSettings {
		brokers = (brokers == null || brokers.isEmpty()) ? List.of("localhost:9092") : List.copyOf(brokers);
	}

}
