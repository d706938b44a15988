package org.keycities.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventEnvelope;
import org.keycities.activity.events.EventTypes;

/**
 * Writes to and reads from a Kafka topic the way the services do, for tests: events as
 * activity-service publishes them (CloudEvents headers, key = group id), raw records for
 * poison-message tests, and a reader that collects what arrived.
 */
public final class ActivityTopic implements AutoCloseable {

	private final String bootstrapServers;

	private final EventCodec codec = new EventCodec();

	private final KafkaProducer<String, byte[]> producer;

	public ActivityTopic(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		this.producer = new KafkaProducer<>(props);
	}

	/** Publishes an event with a new {@code ce_id}; returns that id. */
	public String publish(ActivityEvent event) {
		String id = UUID.randomUUID().toString();
		publish(event, id);
		return id;
	}

	/** Publishes an event with the given {@code ce_id}, e.g. to redeliver a duplicate. */
	public void publish(ActivityEvent event, String ceId) {
		EventEnvelope envelope = new EventEnvelope(ceId, event.eventType(), event.subject(), Instant.now(),
				event.groupOf());
		send(EventTypes.TOPIC, envelope.key(), envelope.headers(), this.codec.write(event));
	}

	/**
	 * Publishes a record of any type and body, with otherwise valid CloudEvents headers.
	 */
	public String publishRaw(String type, String key, byte[] body) {
		String id = UUID.randomUUID().toString();
		EventEnvelope envelope = new EventEnvelope(id, type, key, Instant.now(), key);
		send(EventTypes.TOPIC, key, envelope.headers(), body);
		return id;
	}

	public void send(String topic, String key, Map<String, String> headers, byte[] body) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, body);
		headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		try {
			this.producer.send(record).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not write to " + topic, ex.getCause());
		}
	}

	/**
	 * Reads a topic from the beginning: first everything on it when the read starts,
	 * however long that takes on a loaded machine, then whatever arrives until at least
	 * {@code atLeast} records were read or the timeout passed. Returns what was read.
	 */
	public List<ConsumerRecord<String, byte[]>> read(String topic, int atLeast, Duration timeout) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
			// assigned, not subscribed: no consumer group to join, so nothing to wait for
			List<TopicPartition> partitions = partitions(consumer, topic, timeout);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, SNAPSHOT_PATIENCE);
			Instant patience = Instant.now().plus(SNAPSHOT_PATIENCE);
			while (!reached(consumer, end) && Instant.now().isBefore(patience)) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			Instant deadline = Instant.now().plus(timeout);
			while (records.size() < atLeast && Instant.now().isBefore(deadline)) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		return records;
	}

	private static final Duration SNAPSHOT_PATIENCE = Duration.ofSeconds(60);

	private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic,
			Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
			if ((infos != null && !infos.isEmpty()) || Instant.now().isAfter(deadline)) {
				return infos == null ? List.of()
						: infos.stream().map((info) -> new TopicPartition(topic, info.partition())).toList();
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return List.of();
			}
		}
	}

	private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch((e) -> consumer.position(e.getKey()) >= e.getValue());
	}

	/** The value of a record header as text, or {@code null}. */
	public static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(5));
	}

}
