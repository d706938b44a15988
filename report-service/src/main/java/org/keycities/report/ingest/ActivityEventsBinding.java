package org.keycities.report.ingest;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.header.Header;
import org.keycities.activity.events.CloudEventHeaders;

import org.springframework.cloud.stream.binder.kafka.utils.DlqDestinationResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * The function binding {@code activityEvents-in-0} on topic {@code activity-events},
 * consumer group {@code report-service}.
 */
@Configuration(proxyBeanMethods = false)
class ActivityEventsBinding {

	static final String DLQ = "activity-events.report-service.dlq";

	@Bean
	Consumer<Message<byte[]>> activityEvents(EventIngestion ingestion) {
		return (message) -> ingestion.apply(header(message.getHeaders(), CloudEventHeaders.ID),
				header(message.getHeaders(), CloudEventHeaders.TYPE), message.getPayload());
	}

	/**
	 * Where the binder sends a record that kept failing; also counts it by type, which
	 * the binder itself does not.
	 */
	@Bean
	DlqDestinationResolver deadLetters(MeterRegistry meters) {
		return (record, exception) -> {
			Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
			meters
				.counter("events.dead.lettered", "type",
						(type != null) ? new String(type.value(), StandardCharsets.UTF_8) : "none")
				.increment();
			return DLQ;
		};
	}

	/** The binder maps Kafka headers as text or as raw bytes, depending on its mapper. */
	static String header(MessageHeaders headers, String name) {
		Object value = headers.get(name);
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (value != null) ? value.toString() : null;
	}

}
