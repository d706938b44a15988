package org.keycities.report.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventTypes;
import org.keycities.report.report.ReportModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.cloud.stream.binding.BindingsLifecycleController.State;
import org.springframework.stereotype.Component;

/**
 * Drops the report model and replays topic {@code activity-events} from the beginning up
 * to the end it had when the rebuild started, through the same {@link EventIngestion}.
 * The binding is stopped meanwhile, so it cannot write between the drop and the replay;
 * it resumes afterwards from its committed offsets, and whatever it then sees again is
 * ignored as a duplicate.
 */
@Component
@EnableConfigurationProperties(BrokerSettings.class)
public class ReportRebuild {

	static final String BINDING = "activityEvents-in-0";

	private static final Logger log = LoggerFactory.getLogger(ReportRebuild.class);

	private static final int LOG_EVERY = 500;

	/**
	 * How long a failed rebuild waits for a batch still being written (its writes wait
	 * out a MongoDB outage for {@code tracker.report.ingest.mongo-patience}).
	 */
	private static final Duration WRITE_WAIT = Duration.ofMinutes(2);

	private final ReportModel model;

	private final EventIngestion ingestion;

	private final BindingsLifecycleController bindings;

	private final BrokerSettings brokers;

	private final Counter replayed;

	private final AtomicBoolean running = new AtomicBoolean();

	ReportRebuild(ReportModel model, EventIngestion ingestion, BindingsLifecycleController bindings,
			BrokerSettings brokers, MeterRegistry meters) {
		this.model = model;
		this.ingestion = ingestion;
		this.bindings = bindings;
		this.brokers = brokers;
		this.replayed = meters.counter("report.rebuild.events");
		meters.gauge("report.rebuild.running", this.running, (r) -> r.get() ? 1 : 0);
	}

	/**
	 * Rebuilds and returns what it did.
	 * @throws IllegalStateException if a rebuild is already running
	 */
	public Result rebuild() {
		if (!this.running.compareAndSet(false, true)) {
			throw new IllegalStateException("A rebuild is already running");
		}
		Instant started = Instant.now();
		this.bindings.changeState(BINDING, State.STOPPED);
		try {
			this.model.clear();
			log.info("Rebuild: report model dropped; replaying {} from the beginning", EventTypes.TOPIC);
			Result result = replay(started);
			log.info("Rebuild: done, {} events replayed ({} malformed, skipped) in {} ms", result.events(),
					result.malformed(), result.millis());
			return result;
		}
		finally {
			this.bindings.changeState(BINDING, State.STARTED);
			this.running.set(false);
		}
	}

	private Result replay(Instant started) {
		long events = 0;
		long malformed = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
			List<TopicPartition> partitions = consumer.partitionsFor(EventTypes.TOPIC)
				.stream()
				.map((p) -> new TopicPartition(p.topic(), p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
			long total = end.entrySet().stream().mapToLong((e) -> e.getValue() - start.get(e.getKey())).sum();
			log.info("Rebuild: {} events to replay from {} partition(s)", total, partitions.size());
			EventIngestion.Replay replay = this.ingestion.replay();
			// one batch is written while the next is read and prepared: the writes keep
			// the MongoDB server busy, the reading and decoding this service. A batch's
			// groups and milestones and its remembered events are written side by side,
			// on two connections: the local stack's server then takes them on two threads
			ExecutorService writer = Executors.newSingleThreadExecutor((task) -> new Thread(task, "rebuild-writer"));
			ExecutorService rememberer = Executors
				.newSingleThreadExecutor((task) -> new Thread(task, "rebuild-remember"));
			try {
				List<Future<?>> writing = List.of();
				while (!reached(consumer, end)) {
					List<EventIngestion.RawEvent> batch = new ArrayList<>();
					for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
						if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
							batch.add(new EventIngestion.RawEvent(header(record, CloudEventHeaders.ID),
									header(record, CloudEventHeaders.TYPE), record.value()));
						}
					}
					EventIngestion.Writes writes = replay.prepare(batch);
					finish(writing);
					writing = List.of(writer.submit(writes::writeModel), rememberer.submit(writes::writeProcessed));
					// malformed ones went to the dead-letter topic when they first
					// arrived
					malformed += writes.malformed();
					long before = events;
					events += batch.size();
					this.replayed.increment(batch.size());
					if (events / LOG_EVERY > before / LOG_EVERY) {
						log.info("Rebuild: {} of {} events read", events, total);
					}
				}
				finish(writing);
			}
			finally {
				// after a failure, a batch may still be being written: it ends before the
				// binding starts again, so it cannot overwrite what the consumer writes
				writer.shutdown();
				rememberer.shutdown();
				awaitWrites(writer);
				awaitWrites(rememberer);
			}
		}
		return new Result(events, malformed, Duration.between(started, Instant.now()).toMillis());
	}

	private static void awaitWrites(ExecutorService writer) {
		try {
			if (!writer.awaitTermination(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("Rebuild: a batch was still being written after {}", WRITE_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits for a batch's writes, failing as the first of them failed. */
	private static void finish(List<Future<?>> writing) {
		try {
			for (Future<?> write : writing) {
				write.get();
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException("The rebuild could not write a batch", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while the rebuild was writing", ex);
		}
	}

	private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch((e) -> consumer.position(e.getKey()) >= e.getValue());
	}

	private Map<String, Object> consumerConfig() {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", this.brokers.brokers()));
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// larger batches than the default 500: each is a few bulk writes, whatever its
		// size
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return config;
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/**
	 * @param events records replayed
	 * @param malformed of which unreadable, so skipped as they were the first time
	 */
	public record Result(long events, long malformed, long millis) {

	}

}
