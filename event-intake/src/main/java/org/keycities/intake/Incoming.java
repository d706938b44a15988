package org.keycities.intake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * One record of a batch from topic {@code activity-events}: its body, its own headers
 * (the CloudEvents ones and {@code traceparent}) and where it was read from. The binding
 * reads batches ({@code batch-mode}) with native decoding: without it, Spring Cloud
 * Function's conversion of a batch of JSON bodies to {@code byte[]} left the list empty.
 */
public record Incoming(byte[] body, Map<String, Object> headers, Object key, String topic, int partition, long offset) {

	/** The records of a batch the binder hands over, in the order they were read. */
	@SuppressWarnings("unchecked")
	public static List<Incoming> of(Message<List<byte[]>> batch) {
		MessageHeaders headers = batch.getHeaders();
		List<byte[]> bodies = batch.getPayload();
		List<Map<String, Object>> own = (List<Map<String, Object>>) headers.get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
		List<Object> keys = (List<Object>) headers.get(KafkaHeaders.RECEIVED_KEY);
		List<String> topics = (List<String>) headers.get(KafkaHeaders.RECEIVED_TOPIC);
		List<Integer> partitions = (List<Integer>) headers.get(KafkaHeaders.RECEIVED_PARTITION);
		List<Long> offsets = (List<Long>) headers.get(KafkaHeaders.OFFSET);
		List<Incoming> records = new ArrayList<>(bodies.size());
		for (int i = 0; i < bodies.size(); i++) {
			records.add(new Incoming(bodies.get(i), (own != null) ? own.get(i) : Map.of(),
					(keys != null) ? keys.get(i) : null, (topics != null) ? topics.get(i) : null,
					(partitions != null) ? partitions.get(i) : -1, (offsets != null) ? offsets.get(i) : -1));
		}
		return records;
	}

	/**
	 * A header as text. The binder may hand header values over as bytes or as strings,
	 * and Spring Cloud Function may rename {@code ce_} to {@code ce-}.
	 */
	public String header(String name) {
		Object value = this.headers.get(name);
		if (value == null) {
			value = this.headers.get(name.replace('_', '-'));
		}
		if (value instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		return (value != null) ? value.toString() : null;
	}

}
