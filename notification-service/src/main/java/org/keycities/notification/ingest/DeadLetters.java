package org.keycities.notification.ingest;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.keycities.activity.events.CloudEventHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends a record that cannot be taken in to
 * {@code activity-events.notification-service.dlq} (binding
 * {@code undeliverableEvents-out-0}, sent synchronously), with its own headers and key
 * and the headers the binder's own dead-lettering adds: {@code x-original-topic},
 * {@code x-original-partition}, {@code x-original-offset}, {@code x-exception-fqcn},
 * {@code x-exception-message}, {@code x-exception-stacktrace}. The consumer reads
 * batches, and the binder would dead-letter every record of a batch for one bad record;
 * so it dead-letters records one by one itself. Counted as {@code events.dead.lettered}.
 */
@Component
class DeadLetters {

	static final String BINDING = "undeliverableEvents-out-0";

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final StreamBridge bridge;

	private final Counter deadLettered;

	DeadLetters(StreamBridge bridge, MeterRegistry registry) {
		this.bridge = bridge;
		this.deadLettered = Counter.builder("events.dead.lettered")
			.description("Events sent to the dead-letter topic after bounded retries")
			.register(registry);
	}

	/**
	 * @throws IllegalStateException if Kafka did not take it; the batch is then read
	 * again
	 */
	void send(Incoming record, Throwable failure) {
		MessageBuilder<byte[]> message = MessageBuilder.withPayload(record.body());
		record.headers().forEach((name, value) -> {
			if (value instanceof byte[] bytes) {
				message.setHeader(name, bytes);
			}
			else if (value instanceof String text) {
				message.setHeader(name, text.getBytes(StandardCharsets.UTF_8));
			}
		});
		message.setHeader("x-original-topic", text(record.topic()));
		message.setHeader("x-original-partition",
				ByteBuffer.allocate(Integer.BYTES).putInt(record.partition()).array());
		message.setHeader("x-original-offset", ByteBuffer.allocate(Long.BYTES).putLong(record.offset()).array());
		message.setHeader("x-exception-fqcn", text(failure.getClass().getName()));
		if (failure.getMessage() != null) {
			message.setHeader("x-exception-message", text(failure.getMessage()));
		}
		message.setHeader("x-exception-stacktrace", text(stackTrace(failure)));
		if (record.key() != null) {
			message.setHeader(KafkaHeaders.KEY,
					(record.key() instanceof byte[] bytes) ? bytes : text(record.key().toString()));
		}
		if (!this.bridge.send(BINDING, message.build())) {
			throw new IllegalStateException("The binding " + BINDING + " did not take the dead letter");
		}
		this.deadLettered.increment();
		log.warn("Sent the event {} (offset {} of {}-{}) to the dead-letter topic: {}",
				record.header(CloudEventHeaders.ID), record.offset(), record.topic(), record.partition(),
				failure.getMessage());
	}

	private static byte[] text(String value) {
		return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

	private static String stackTrace(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

}
