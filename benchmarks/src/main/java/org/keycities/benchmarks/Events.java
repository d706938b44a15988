package org.keycities.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventEnvelope;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;
import org.keycities.activity.events.TimeOrderedIds;

/**
 * Writes events to topic {@code activity-events} as activity-service would, but many at a
 * time: to fill a report with thousands of milestones, or the topic with the events a
 * rebuild replays.
 */
final class Events implements AutoCloseable {

	static final List<String> WORKSTREAMS = List.of("Industrial Strategy", "Inclusive Growth", "Housing", "Transport",
			"Skills", "Devolution", "Culture", "Health");

	static final String DESCRIPTION = "The Group met the department's officials to set out what its member "
			+ "councils need from the next spending review: longer-term funding settlements, a fair share of "
			+ "the infrastructure budget, and the freedom to pool skills and transport money locally.";

	private final EventCodec codec = new EventCodec();

	private final KafkaProducer<String, byte[]> producer;

	private final AtomicReference<Exception> failure = new AtomicReference<>();

	Events(String bootstrapServers) {
		Properties props = producerConfig(bootstrapServers);
		props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
		this.producer = new KafkaProducer<>(props);
	}

	/**
	 * A producer as activity-service's: acks=all, idempotent, String keys, byte bodies.
	 */
	static Properties producerConfig(String bootstrapServers) {
		Properties props = new Properties();
		props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return props;
	}

	static GroupChanged group(String groupId, String name) {
		return new GroupChanged(groupId, 0, name, "Cllr A. Member", "A. Officer", null, null, null, null, List.of(),
				"To measure the system.", null, List.of(), 1, WORKSTREAMS, null, "benchmark", Instant.now());
	}

	/** The n-th milestone of a benchmark group, dated in the given year. */
	static MilestoneRecorded milestone(String groupId, int n, int year) {
		Instant now = Instant.now();
		String date = "%d-%02d-%02d".formatted(year, 1 + n % 12, 1 + n % 28);
		return new MilestoneRecorded(new MilestoneSnapshot(TimeOrderedIds.next(), groupId, 0,
				MilestoneType.values()[n % MilestoneType.values().length], "Benchmark milestone " + n,
				WORKSTREAMS.get(n % WORKSTREAMS.size()), date, null, DESCRIPTION,
				List.of("https://example.org/benchmarks/" + n), List.of("Local Government Association"),
				MilestoneStatus.ACTIVE, null, "benchmark", now, "benchmark", now));
	}

	/** Sends without waiting; {@link #flush()} waits for all and fails if any failed. */
	void send(ActivityEvent event) {
		EventEnvelope envelope = new EventEnvelope(TimeOrderedIds.next(), event.eventType(), event.subject(),
				Instant.now(), event.groupOf());
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventTypes.TOPIC, envelope.key(),
				this.codec.write(event));
		envelope.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
		this.producer.send(record, (metadata, ex) -> {
			if (ex != null) {
				this.failure.compareAndSet(null, ex);
			}
		});
	}

	/** The size of one milestone event as written to the topic. */
	byte[] sample() {
		return this.codec.write(milestone("sample", 1, 2019));
	}

	void flush() {
		this.producer.flush();
		Exception ex = this.failure.get();
		if (ex != null) {
			throw new IllegalStateException("Kafka did not take every event", ex);
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
