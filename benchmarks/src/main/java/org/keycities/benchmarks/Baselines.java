package org.keycities.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.keycities.activity.events.TimeOrderedIds;
import org.keycities.benchmarks.Results.Better;
import org.keycities.localstack.LocalStack;

/**
 * What the infrastructure itself can do on this machine, measured in the same run on the
 * same broker and servers as the pipeline: the yardsticks for the pipeline's figures.
 */
final class Baselines {

	static final String KAFKA_PRODUCER = "baseline.kafka.producer";

	static final String KAFKA_ROUND_TRIP_P50 = "baseline.kafka.roundtrip.p50";

	static final String KAFKA_ROUND_TRIP_P99 = "baseline.kafka.roundtrip.p99";

	static final String MONGO_INSERT = "baseline.mongo.insert";

	static final String SMTP_SEND = "baseline.smtp.send";

	static final String SMTP_SEND_EACH = "baseline.smtp.send-each";

	private static final String SECTION = "Baselines";

	private final LocalStack stack;

	private final Settings settings;

	private final Results results;

	private final PrintStream log;

	private final byte[] event;

	Baselines(LocalStack stack, Settings settings, Results results, PrintStream log) {
		this.stack = stack;
		this.settings = settings;
		this.results = results;
		this.log = log;
		try (Events events = new Events(stack.kafka().bootstrapServers())) {
			this.event = events.sample();
		}
		results.define(KAFKA_PRODUCER, SECTION, "Kafka producer, acks=all, idempotent, one milestone event a record",
				"records/s", Better.HIGHER, null, null);
		results.define(KAFKA_ROUND_TRIP_P50, SECTION, "Kafka write (acks=all) to a consumer's read, p50", "ms",
				Better.LOWER, null, null);
		results.define(KAFKA_ROUND_TRIP_P99, SECTION, "Kafka write (acks=all) to a consumer's read, p99", "ms",
				Better.LOWER, null, null);
		results.define(MONGO_INSERT, SECTION,
				"MongoDB server, single-document inserts (acknowledged) from " + settings.clients() + " clients",
				"inserts/s", Better.HIGHER, null, null);
		results.define(SMTP_SEND, SECTION, "SMTP server, multipart HTML and text emails over one connection",
				"emails/s", Better.HIGHER, null, null);
		results.define(SMTP_SEND_EACH, SECTION, "SMTP server, the same emails with a new connection for each",
				"emails/s", Better.HIGHER, null, null);
	}

	void run() throws Exception {
		kafkaProducer();
		kafkaRoundTrip();
		mongoInserts();
		smtpSends();
	}

	private Properties producer() {
		return Events.producerConfig(this.stack.kafka().bootstrapServers());
	}

	private void kafkaProducer() {
		String topic = "benchmark-producer";
		AtomicReference<Exception> failure = new AtomicReference<>();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producer())) {
			writeToEveryPartition(producer, topic);
			int records = this.settings.baselineRecords();
			long start = System.nanoTime();
			for (int i = 0; i < records; i++) {
				producer.send(new ProducerRecord<>(topic, "group-" + (i % 50), this.event), (metadata, ex) -> {
					if (ex != null) {
						failure.compareAndSet(null, ex);
					}
				});
			}
			producer.flush();
			double perSecond = records / seconds(System.nanoTime() - start);
			check(failure);
			this.results.add(KAFKA_PRODUCER, perSecond);
			this.log.printf("  Kafka producer: %.0f records/s%n", perSecond);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The Kafka producer baseline failed", ex);
		}
	}

	/**
	 * Creates the topic and writes one record to each of its partitions, one at a time,
	 * before anything is measured. The broker opens a new topic's partitions one after
	 * another: a batch that reaches a partition not open yet is refused and retried, and
	 * a later batch of the same producer that arrives once it is open is taken first.
	 * Kafka up to 4.4 then refuses every retry of the earlier batch as out of order until
	 * it expires after two minutes (KAFKA-15591, fixed in Kafka 4.5; it failed the
	 * benchmark smoke once). One record at a time cannot be overtaken, and once a
	 * partition holds a record of this producer the broker checks its order strictly.
	 */
	private void writeToEveryPartition(KafkaProducer<String, byte[]> producer, String topic) throws Exception {
		for (PartitionInfo partition : producer.partitionsFor(topic)) {
			producer.send(new ProducerRecord<>(topic, partition.partition(), "warm-up", this.event)).get();
		}
	}

	/**
	 * One record at a time at the end-to-end scenario's rate, from the producer's send to
	 * a consumer's poll returning it.
	 */
	private void kafkaRoundTrip() throws Exception {
		String topic = "benchmark-round-trip";
		Properties consumerProps = new Properties();
		consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.kafka().bootstrapServers());
		consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		int count = Math.max(100, this.settings.endToEndRate() * 5);
		long interval = 1_000_000_000L / this.settings.endToEndRate();
		Latencies latencies = new Latencies();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producer());
				KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
			writeToEveryPartition(producer, topic);
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((p) -> new TopicPartition(topic, p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToEnd(partitions);
			partitions.forEach(consumer::position);
			long[] sentAt = new long[count];
			ExecutorService sender = Executors.newSingleThreadExecutor();
			Future<?> sending = sender.submit(() -> {
				long next = System.nanoTime();
				for (int i = 0; i < count; i++) {
					sleepUntil(next);
					sentAt[i] = System.nanoTime();
					producer.send(new ProducerRecord<>(topic, Integer.toString(i), this.event));
					next += interval;
				}
				return null;
			});
			int received = 0;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (received < count && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
					long now = System.nanoTime();
					latencies.add(now - sentAt[Integer.parseInt(record.key())]);
					received++;
				}
			}
			sending.get();
			sender.shutdown();
			if (received < count) {
				throw new IllegalStateException("Only " + received + " of " + count + " records came back");
			}
		}
		this.results.add(KAFKA_ROUND_TRIP_P50, latencies.percentileMillis(50));
		this.results.add(KAFKA_ROUND_TRIP_P99, latencies.percentileMillis(99));
		this.log.printf("  Kafka round trip: p50 %.1f ms, p99 %.1f ms%n", latencies.percentileMillis(50),
				latencies.percentileMillis(99));
	}

	private void mongoInserts() throws Exception {
		try (MongoClient client = MongoClients.create(this.stack.mongoUri())) {
			MongoCollection<Document> collection = client.getDatabase("benchmark").getCollection("inserts");
			Document template = Document.parse(new String(this.event, java.nio.charset.StandardCharsets.UTF_8));
			collection.insertOne(new Document(template).append("_id", "warm-up"));
			int clients = this.settings.clients();
			ExecutorService pool = Executors.newFixedThreadPool(clients);
			long end = System.nanoTime() + this.settings.baselineInserts().toNanos();
			long start = System.nanoTime();
			List<Future<Integer>> counts = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				counts.add(pool.submit(() -> {
					int inserted = 0;
					while (System.nanoTime() < end) {
						collection.insertOne(new Document(template).append("_id", TimeOrderedIds.next()));
						inserted++;
					}
					return inserted;
				}));
			}
			long total = 0;
			for (Future<Integer> count : counts) {
				total += count.get();
			}
			double perSecond = total / seconds(System.nanoTime() - start);
			pool.shutdown();
			collection.drop();
			this.results.add(MONGO_INSERT, perSecond);
			this.log.printf("  MongoDB inserts: %.0f /s%n", perSecond);
		}
	}

	private void smtpSends() throws Exception {
		Properties props = new Properties();
		props.put("mail.smtp.host", "127.0.0.1");
		props.put("mail.smtp.port", Integer.toString(this.stack.ports().smtp()));
		Session session = Session.getInstance(props);
		int emails = this.settings.baselineEmails();
		AtomicInteger received = new AtomicInteger();
		this.stack.mail().onDelivery((message, recipient) -> received.incrementAndGet());
		try {
			long start = System.nanoTime();
			try (Transport transport = session.getTransport("smtp")) {
				transport.connect();
				for (int i = 0; i < emails; i++) {
					MimeMessage message = message(session, "baseline-" + i + "@bench.example.org");
					transport.sendMessage(message, message.getAllRecipients());
				}
			}
			record(SMTP_SEND, emails / seconds(System.nanoTime() - start), received, emails);
			received.set(0);
			start = System.nanoTime();
			for (int i = 0; i < emails; i++) {
				Transport.send(message(session, "baseline-each-" + i + "@bench.example.org"));
			}
			record(SMTP_SEND_EACH, emails / seconds(System.nanoTime() - start), received, emails);
		}
		finally {
			this.stack.mail().onDelivery((message, recipient) -> {
			});
		}
	}

	private void record(String key, double perSecond, AtomicInteger received, int emails) {
		if (received.get() != emails) {
			throw new IllegalStateException("The SMTP server took " + received.get() + " of " + emails + " emails");
		}
		this.results.add(key, perSecond);
		this.log.printf("  %s: %.0f emails/s%n", key, perSecond);
	}

	private static MimeMessage message(Session session, String to) throws Exception {
		MimeMessage message = new MimeMessage(session);
		message.setFrom(new InternetAddress("tracker@example.org"));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
		message.setSubject("[Benchmark group] Benchmark milestone");
		MimeMultipart alternative = new MimeMultipart("alternative");
		MimeBodyPart text = new MimeBodyPart();
		text.setText(Events.DESCRIPTION.repeat(4), "UTF-8");
		MimeBodyPart html = new MimeBodyPart();
		html.setContent("<html><body><p>" + Events.DESCRIPTION.repeat(4) + "</p></body></html>",
				"text/html; charset=UTF-8");
		alternative.addBodyPart(text);
		alternative.addBodyPart(html);
		message.setContent(alternative);
		message.saveChanges();
		return message;
	}

	static void sleepUntil(long nanoTime) throws InterruptedException {
		long wait = nanoTime - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static void check(AtomicReference<Exception> failure) {
		if (failure.get() != null) {
			throw new IllegalStateException(failure.get());
		}
	}

}
