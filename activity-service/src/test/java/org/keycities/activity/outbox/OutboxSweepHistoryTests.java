package org.keycities.activity.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.stubbing.Answer;
import org.keycities.testsupport.ReadCountingStore;
import org.keycities.testsupport.MovableClock;
import org.keycities.activity.group.Group;
import org.keycities.activity.milestone.Milestone;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.data.mapping.callback.EntityCallbacks;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.integration.kafka.outbound.KafkaProducerMessageHandler;
import org.springframework.integration.kafka.support.KafkaIntegrationHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The sweep on mongo-java-server's H2 backend, as the local stack runs it: it uses an
 * index only for a query on exactly the fields of a unique index and reads and
 * deserialises every document for any other query. A sweep must therefore not read the
 * milestones that have nothing pending. The store is a file with a cache of 1 MB, so
 * every scan reads the collection from the file again: the bytes read show whether a
 * sweep scanned.
 */
class OutboxSweepHistoryTests {

	private static final int HISTORY = 3000;

	private static final int PENDING = 20;

	private static final Instant START = Instant.parse("2026-11-27T09:00:00Z");

	ReadCountingStore store;

	MongoServer server;

	MongoClient client;

	MongoTemplate mongo;

	StreamBridge bridge = mock(StreamBridge.class);

	MovableClock clock = new MovableClock(START);

	@BeforeEach
	void start(@TempDir Path dir) {
		this.store = ReadCountingStore.open(dir.resolve("data.mv"));
		this.server = new MongoServer(this.store.backend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(this.server.getConnectionString());
		this.mongo = new MongoTemplate(this.client, "activity");
		this.mongo.setEntityCallbacks(EntityCallbacks.create(new PendingMarks()));
		// as spring.data.mongodb.auto-index-creation does
		MongoMappingContext context = (MongoMappingContext) this.mongo.getConverter().getMappingContext();
		for (Class<?> type : List.of(Milestone.class, Group.class)) {
			IndexOperations indexes = this.mongo.indexOps(type);
			new MongoPersistentEntityIndexResolver(context).resolveIndexFor(type).forEach(indexes::createIndex);
		}
		given(this.bridge.send(anyString(), any(Message.class))).willReturn(true);
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void sweepReadsOnlyTheDocumentsWithPendingEvents() {
		storePublishedHistory();
		for (int i = 0; i < PENDING; i++) {
			this.mongo.insert(milestone("pending-" + i, event("pending-" + i)), Milestone.COLLECTION);
		}
		OutboxSweep sweep = sweep();
		// the first sweep after start-up reads everything once, for documents written by
		// the version before pending marks
		sweep.sweep();
		verify(this.bridge, never()).send(anyString(), any(Message.class));
		this.store.commit();
		long history = this.store.size();
		this.clock.advance(Duration.ofSeconds(11));

		long readBefore = this.store.bytesRead();
		sweep.sweep();
		long read = this.store.bytesRead() - readBefore;
		System.out.println("Swept " + PENDING + " documents with pending events next to " + HISTORY
				+ " without (a file of " + history + " bytes), reading " + read + " bytes");

		verify(this.bridge, times(PENDING)).send(anyString(), any(Message.class));
		assertThat(marked()).isEmpty();
		// for comparison: the first sweep of another instance reads every document
		readBefore = this.store.bytesRead();
		sweep().sweep();
		long scanned = this.store.bytesRead() - readBefore;
		System.out.println("The first sweep of a new instance read " + scanned + " bytes");
		// what a scan reads from the file varies with what H2's 1 MB cache holds at the
		// time (0.3 to 4.4 MB seen here; the file's size counts old versions too), but it
		// is at least 100 bytes of each stored document; the sweep must read under a
		// fifth
		long leastAScanReads = HISTORY * 100L;
		assertThat(scanned).as("bytes read by a scan").isGreaterThan(leastAScanReads);
		assertThat(read).as("bytes read by a sweep").isLessThan(leastAScanReads / 5);
	}

	@Test
	void sweepGoesOnPastTheServersFirstBatchWhileItRemovesMarks() {
		int pending = 250;
		for (int i = 0; i < pending; i++) {
			this.mongo.insert(milestone("pending-" + i, event("pending-" + i)), Milestone.COLLECTION);
		}
		this.clock.advance(Duration.ofSeconds(11));

		sweep().sweep();
		verify(this.bridge, times(200)).send(anyString(), any(Message.class));
		assertThat(marked()).hasSize(pending - 200);
		sweep().sweep();
		verify(this.bridge, times(pending)).send(anyString(), any(Message.class));
		assertThat(marked()).isEmpty();
	}

	/**
	 * A sweep stops taking documents after half its lock's time (six sweep intervals), so
	 * that no other instance sweeps beside it; the next sweep goes on.
	 */
	@Test
	void sweepStopsTakingDocumentsAfterHalfItsLocksTimeAndTheNextGoesOn() {
		int pending = 250;
		for (int i = 0; i < pending; i++) {
			this.mongo.insert(milestone("pending-" + i, event("pending-" + i)), Milestone.COLLECTION);
		}
		this.clock.advance(Duration.ofSeconds(11));
		// each publish takes 1 ms, and a sweep every 10 ms may run for 60 ms: it stops
		// after its first hundred documents, which it publishes together
		given(this.bridge.send(anyString(), any(Message.class))).will((invocation) -> {
			Thread.sleep(1);
			return true;
		});
		OutboxSweep sweep = sweep(Duration.ofMillis(10), 5000);

		sweep.sweep();
		int first = marked().size();
		assertThat(first).as("documents left after the first sweep").isBetween(1, pending - 1);
		while (!marked().isEmpty()) {
			int before = marked().size();
			sweep.sweep();
			assertThat(marked()).as("each sweep goes on").hasSizeLessThan(before);
		}
		verify(this.bridge, times(pending)).send(anyString(), any(Message.class));
	}

	/**
	 * A burst of writes beyond what the relay's threads hold (Kafka slow to acknowledge):
	 * the events of the writes left over stay in their documents, and the sweep publishes
	 * them; every event is published once.
	 */
	@Test
	void eventsOfWritesBeyondTheRelaysQueuesWaitForTheSweepAndNoneIsLost() throws Exception {
		CountDownLatch acknowledge = new CountDownLatch(1);
		given(this.bridge.send(anyString(), any(Message.class))).will((invocation) -> {
			acknowledge.await(10, TimeUnit.SECONDS);
			return true;
		});
		EventRelay relay = relay(settings(Duration.ofSeconds(5), 5000, 8));
		int writes = 40;
		for (int i = 0; i < writes; i++) {
			PendingEvent event = event("burst-" + i);
			this.mongo.insert(milestone("burst-" + i, event), Milestone.COLLECTION);
			relay.publishSoon(Milestone.COLLECTION, "burst-" + i, List.of(event), true);
		}
		// eight threads, each sending one and holding one more: the rest were left
		acknowledge.countDown();
		relay.destroy();
		int left = marked().size();
		assertThat(left).as("writes left to the sweep").isBetween(writes - 16, writes - 8);
		verify(this.bridge, times(writes - left)).send(anyString(), any(Message.class));

		this.clock.advance(Duration.ofSeconds(11));
		sweep().sweep();
		assertThat(marked()).isEmpty();
		verify(this.bridge, times(writes)).send(anyString(), any(Message.class));
	}

	/**
	 * The writes that waited for a relay thread while it was busy go out together: their
	 * events are all sent before Kafka acknowledges any, a document's later write only
	 * after its earlier one was acknowledged, and only acknowledged events are removed.
	 */
	@Test
	void aRelayThreadSendsTheWritesWaitingForItTogetherAndRemovesOnlyWhatKafkaAcknowledged() throws Exception {
		Map<String, CompletableFuture<Object>> sent = new ConcurrentHashMap<>();
		List<String> order = new CopyOnWriteArrayList<>();
		EventRelay relay = relayToKafkaThatAcknowledgesLater(settings(Duration.ofSeconds(5), 5000, 10_000), sent,
				order);
		List<String> ids = documentsOfOneRelayThread(3);
		PendingEvent first = event(ids.get(0));
		this.mongo.insert(milestone(ids.get(0), first), Milestone.COLLECTION);
		relay.publishSoon(Milestone.COLLECTION, ids.get(0), List.of(first), true);
		await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 1);

		// while Kafka has not acknowledged the first, three more writes wait for the
		// thread
		PendingEvent second = event(ids.get(1));
		PendingEvent third = event(ids.get(2));
		this.mongo.insert(milestone(ids.get(1), second), Milestone.COLLECTION);
		this.mongo.insert(milestone(ids.get(2), third), Milestone.COLLECTION);
		relay.publishSoon(Milestone.COLLECTION, ids.get(1), List.of(second), true);
		relay.publishSoon(Milestone.COLLECTION, ids.get(2), List.of(third), true);
		this.clock.advance(Duration.ofSeconds(1));
		PendingEvent amended = event(ids.get(1));
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(ids.get(1))),
				new Update().push("pendingEvents", this.mongo.getConverter().convertToMongoType(amended)),
				Milestone.COLLECTION);
		relay.publishSoon(Milestone.COLLECTION, ids.get(1), List.of(amended), false);
		assertThat(order).containsExactly(first.eventId());

		sent.get(first.eventId()).complete(null);
		await().atMost(Duration.ofSeconds(10))
			.during(Duration.ofMillis(300))
			.until(() -> order.equals(List.of(first.eventId(), second.eventId(), third.eventId())));
		sent.get(third.eventId()).completeExceptionally(new IllegalStateException("Kafka did not answer"));
		sent.get(second.eventId()).complete(null);
		await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 4);
		assertThat(order.get(3)).isEqualTo(amended.eventId());
		sent.get(amended.eventId()).complete(null);
		relay.destroy();

		assertThat(marked()).containsExactly(ids.get(2));
		assertThat(pendingEventIds(ids.get(2))).containsExactly(third.eventId());
		assertThat(pendingEventIds(ids.get(1))).isEmpty();
		assertThat(pendingEventIds(ids.get(0))).isEmpty();
	}

	/**
	 * A sweep hands the documents it finds to the relay together: Kafka here acknowledges
	 * nothing until it holds every one of their events.
	 */
	@Test
	void theSweepSendsTheEventsOfTheDocumentsItFindsTogether() throws Exception {
		Map<String, CompletableFuture<Object>> sent = new ConcurrentHashMap<>();
		List<String> order = new CopyOnWriteArrayList<>();
		OutboxSettings settings = settings(Duration.ofSeconds(5), 200, 10_000);
		EventRelay relay = relayToKafkaThatAcknowledgesLater(settings, sent, order);
		int documents = 5;
		for (int i = 0; i < documents; i++) {
			this.mongo.insert(milestone("left-" + i, event("left-" + i)), Milestone.COLLECTION);
		}
		this.clock.advance(Duration.ofSeconds(11));
		CompletableFuture<Void> acknowledged = CompletableFuture.runAsync(() -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == documents);
			sent.values().forEach((acknowledgement) -> acknowledgement.complete(null));
		});
		new OutboxSweep(this.mongo, relay, new DefaultLockingTaskExecutor(new MongoLockProvider(this.mongo.getDb())),
				settings, this.clock)
			.sweep();

		acknowledged.get(10, TimeUnit.SECONDS);
		assertThat(order).hasSize(documents);
		assertThat(marked()).isEmpty();
	}

	/**
	 * A relay whose binding sends as the binder's Kafka handler does when the binding is
	 * not {@code sync}: it hands each send's future, not yet done, to the futures
	 * channel.
	 * @param sent each send's acknowledgement, for the test to complete, by event id
	 * @param order the ids of the events sent, in the order they were sent
	 */
	private EventRelay relayToKafkaThatAcknowledgesLater(OutboxSettings settings,
			Map<String, CompletableFuture<Object>> sent, List<String> order) {
		KafkaAcknowledgements acknowledgements = new KafkaAcknowledgements();
		Answer<Boolean> kafka = asKafkaDoes(acknowledgements, sent, order);
		given(this.bridge.send(anyString(), any(Message.class))).will(kafka);
		return new EventRelay(this.bridge, acknowledgements, this.mongo, this.clock, settings,
				new SimpleMeterRegistry(), new EventTrace(Tracer.NOOP, Propagator.NOOP));
	}

	private static Answer<Boolean> asKafkaDoes(KafkaAcknowledgements acknowledgements,
			Map<String, CompletableFuture<Object>> sent, List<String> order) {
		KafkaProducerMessageHandler<?, ?> handler = mock(KafkaProducerMessageHandler.class);
		acknowledgements.configure(handler, "activity-events");
		ArgumentCaptor<MessageChannel> futures = ArgumentCaptor.forClass(MessageChannel.class);
		verify(handler).setFuturesChannel(futures.capture());
		return (invocation) -> {
			Message<?> message = invocation.getArgument(1);
			String token = (String) message.getHeaders().get(KafkaIntegrationHeaders.FUTURE_TOKEN);
			CompletableFuture<Object> acknowledgement = new CompletableFuture<>();
			sent.put(token, acknowledgement);
			order.add(token);
			futures.getValue()
				.send(MessageBuilder.withPayload(acknowledgement)
					.setHeader(KafkaIntegrationHeaders.FUTURE_TOKEN, token)
					.build());
			return true;
		};
	}

	/** Ids of documents whose writes the same relay thread publishes. */
	private static List<String> documentsOfOneRelayThread(int count) {
		return IntStream.iterate(0, (i) -> i + 1)
			.mapToObj((i) -> "together-" + i)
			.filter((id) -> Math.floorMod(id.hashCode(), 8) == 0)
			.limit(count)
			.toList();
	}

	private List<String> pendingEventIds(String id) {
		Document document = this.mongo.findById(id, Document.class, Milestone.COLLECTION);
		return document.getList("pendingEvents", Document.class)
			.stream()
			.map((event) -> event.getString("eventId"))
			.toList();
	}

	@Test
	void documentsWrittenBeforePendingMarksAreSweptAfterAnUpgradeEvenWhileKafkaIsDown() {
		// as the version before pending marks wrote them: events, no mark
		writeOldFormat("old-due", event("old-due"));
		this.clock.advance(Duration.ofSeconds(11));
		writeOldFormat("old-recent", event("old-recent"));
		given(this.bridge.send(anyString(), any(Message.class))).willReturn(false);
		OutboxSweep sweep = sweep();

		sweep.sweep();
		assertThat(marked()).containsExactlyInAnyOrder("old-due", "old-recent");

		given(this.bridge.send(anyString(), any(Message.class))).willReturn(true);
		sweep.sweep();
		verify(this.bridge, times(2)).send(anyString(), any(Message.class));
		assertThat(marked()).containsExactly("old-recent");
		this.clock.advance(Duration.ofSeconds(11));
		sweep.sweep();
		assertThat(marked()).isEmpty();
		assertThat(this.mongo.findAll(Document.class, Milestone.COLLECTION))
			.allSatisfy((document) -> assertThat(document.getList("pendingEvents", Object.class)).isEmpty());
	}

	@Test
	void sweepRemovesAMarkLeftWithoutPendingEvents() {
		this.mongo.insert(milestone("crashed", event("crashed")), Milestone.COLLECTION);
		OutboxSweep sweep = sweep();
		sweep.sweep();
		// the process stopped after the relay's pull and before its unmark
		this.mongo.getCollection(Milestone.COLLECTION)
			.updateOne(new Document("_id", "crashed"), new Document("$set", new Document("pendingEvents", List.of())));
		assertThat(marked()).containsExactly("crashed");

		sweep.sweep();
		assertThat(marked()).isEmpty();
		verify(this.bridge, never()).send(anyString(), any(Message.class));
	}

	private OutboxSweep sweep() {
		return sweep(Duration.ofSeconds(5), 200);
	}

	private OutboxSweep sweep(Duration interval, int batch) {
		OutboxSettings settings = settings(interval, batch, 10_000);
		return new OutboxSweep(this.mongo, relay(settings),
				new DefaultLockingTaskExecutor(new MongoLockProvider(this.mongo.getDb())), settings, this.clock);
	}

	private static OutboxSettings settings(Duration sweepInterval, int sweepBatch, int relayQueue) {
		return new OutboxSettings(List.of(Group.COLLECTION, Milestone.COLLECTION), sweepInterval,
				Duration.ofSeconds(10), sweepBatch, Duration.ofSeconds(5), relayQueue);
	}

	private EventRelay relay(OutboxSettings settings) {
		return new EventRelay(this.bridge, new KafkaAcknowledgements(), this.mongo, this.clock, settings,
				new SimpleMeterRegistry(), new EventTrace(Tracer.NOOP, Propagator.NOOP));
	}

	/** Milestones whose events were all published long ago, as most are. */
	private void storePublishedHistory() {
		List<Document> history = new ArrayList<>();
		for (int i = 0; i < HISTORY; i++) {
			history.add(milestone("published-" + i));
		}
		this.mongo.getCollection(Milestone.COLLECTION).insertMany(history);
	}

	private void writeOldFormat(String id, PendingEvent event) {
		this.mongo.getCollection(Milestone.COLLECTION).insertOne(milestone(id, event));
	}

	private Document milestone(String id, PendingEvent... pending) {
		List<Object> events = List.of(pending).stream().map(this.mongo.getConverter()::convertToMongoType).toList();
		return new Document("_id", id).append("groupId", "key-cities")
			.append("title", "Milestone " + id)
			.append("description", "A milestone of the group's year. ".repeat(30))
			.append("version", 0L)
			.append("pendingEvents", new ArrayList<>(events));
	}

	private PendingEvent event(String milestoneId) {
		return new PendingEvent(UUID.randomUUID().toString(), "org.keycities.activity.milestone.recorded.v1",
				milestoneId, "key-cities", "{}", this.clock.instant(), null);
	}

	private List<String> marked() {
		return this.mongo.getCollection(Milestone.COLLECTION)
			.find(new Document(Outbox.PENDING_MARK, new Document("$exists", true)))
			.map((document) -> document.getString("_id"))
			.into(new ArrayList<>());
	}

}
