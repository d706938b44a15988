package org.keycities.intake;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import org.keycities.activity.events.CloudEventHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends a record that cannot be taken in to a dead-letter topic through an output binding
 * (make it synchronous: {@code producer.sync: true}), with its own headers and key and
 * the headers the binder's own dead-lettering adds: {@code x-original-topic},
 * {@code x-original-partition}, {@code x-original-offset}, {@code x-exception-fqcn},
 * {@code x-exception-message}, {@code x-exception-stacktrace}. The services read batches,
 * and the binder would dead-letter every record of a batch for one bad record; so they
 * dead-letter records one by one themselves. Counted as {@code events.dead.lettered},
 * tagged with the event's {@code type}.
 */
public class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final StreamBridge bridge;

	private final String binding;

	private final MeterRegistry meters;

	public DeadLetters(StreamBridge bridge, String binding, MeterRegistry meters) {
		this.bridge = bridge;
		this.binding = binding;
		this.meters = meters;
	}

	/**
	 * @throws IllegalStateException if Kafka did not take it; the batch is then read
	 * again
	 */
	public void send(Incoming record, Throwable failure) {
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
		if (!this.bridge.send(this.binding, message.build())) {
			throw new IllegalStateException("The binding " + this.binding + " did not take the dead letter");
		}
		String type = record.header(CloudEventHeaders.TYPE);
		this.meters.counter("events.dead.lettered", "type", (type != null) ? type : "none").increment();
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
