package org.keycities.activity.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.bson.Document;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Publishes pending events to topic {@code activity-events} and then removes each one
 * from its document with an atomic {@code $pull} by event id, and the document's pending
 * mark once none is left ({@link PendingMarks}). Right after a write it runs on a
 * background thread, so the HTTP answer never waits for Kafka; whatever it cannot publish
 * stays in the document for the {@link OutboxSweep}. Each thread publishes the writes
 * waiting for it together: it sends their events without waiting for each send, and
 * removes each event only once Kafka has acknowledged it ({@link KafkaAcknowledgements}).
 */
@Component
public class EventRelay implements DisposableBean {

	/** The output binding of topic {@code activity-events}. */
	static final String BINDING = "activityEvents-out-0";

	private static final int RELAY_THREADS = 8;

	/** How many writes a relay thread publishes together at most. */
	private static final int BATCH = 500;

	/**
	 * How long the relay waits for Kafka to acknowledge a send at most: a send fails
	 * sooner, after the producer's {@code delivery.timeout.ms}; this is a safety net.
	 */
	private static final Duration ACKNOWLEDGEMENT_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration BUSY_LOG_INTERVAL = Duration.ofSeconds(10);

	private static final Log log = LogFactory.getLog(EventRelay.class);

	private final StreamBridge bridge;

	private final KafkaAcknowledgements acknowledgements;

	private final MongoTemplate mongo;

	/**
	 * Relay threads: all events of one group or milestone go through the same one, so
	 * they are published in the order they were written; other groups' and milestones'
	 * events go side by side (consumers order each one's events by its version, so events
	 * of a group's different milestones may interleave).
	 */
	private final List<RelayThread> threads;

	private final Clock clock;

	private final OutboxSettings settings;

	private final MeterRegistry meters;

	private final EventTrace trace;

	private final Counter failures;

	private final Timer delay;

	private volatile Instant lastFailure = Instant.MIN;

	private volatile boolean stopping;

	/** When the relay's queues were last logged as full. */
	private final AtomicReference<Instant> busyLogged = new AtomicReference<>(Instant.MIN);

	/** Writes whose events were left to the sweep since that was last logged. */
	private final AtomicLong leftSinceLogged = new AtomicLong();

	/**
	 * Events this instance has handed to its relay thread and not yet finished with; the
	 * sweep leaves them alone, so a slow first publish does not end up published twice.
	 */
	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	EventRelay(StreamBridge bridge, KafkaAcknowledgements acknowledgements, MongoTemplate mongo, Clock clock,
			OutboxSettings settings, MeterRegistry meters, EventTrace trace) {
		this.bridge = bridge;
		this.acknowledgements = acknowledgements;
		this.mongo = mongo;
		this.clock = clock;
		this.settings = settings;
		this.meters = meters;
		this.trace = trace;
		this.failures = meters.counter("events.publish.failures");
		this.delay = Timer.builder("events.publish.delay")
			.description("From the write of a change to the publishing of its event")
			.register(meters);
		// when a thread's queue is full the events wait in MongoDB for the sweep
		int queue = Math.max(1, settings.relayQueue() / RELAY_THREADS);
		this.threads = IntStream.range(0, RELAY_THREADS).mapToObj((n) -> new RelayThread(n, queue)).toList();
	}

	/**
	 * Publishes the events a write just stored, on a background thread. Does nothing
	 * right after a failure: the broker is likely down and the sweep will catch up.
	 * @param allPending whether these are all the events the document held once written
	 * (a new document, or a change to one that held none): if no write added events
	 * since, one write then removes them and the document's mark together
	 */
	public void publishSoon(String collection, String documentId, List<PendingEvent> events, boolean allPending) {
		if (events.isEmpty()
				|| this.clock.instant().isBefore(this.lastFailure.plus(this.settings.pauseAfterFailure()))) {
			return;
		}
		Write write = Write.of(collection, documentId, events, allPending);
		this.inFlight.addAll(write.eventIds());
		if (this.stopping || !this.threads.get(Math.floorMod(documentId.hashCode(), RELAY_THREADS)).offer(write)) {
			write.eventIds().forEach(this.inFlight::remove);
			leftToTheSweep(documentId);
		}
	}

	/**
	 * Logs that the relay's queues are full, once and then at most every
	 * {@link #BUSY_LOG_INTERVAL} with how many writes' events were left meanwhile: a
	 * burst leaves thousands in a minute (docs/performance.md).
	 */
	private void leftToTheSweep(String documentId) {
		long left = this.leftSinceLogged.incrementAndGet();
		Instant now = this.clock.instant();
		Instant logged = this.busyLogged.get();
		if (now.isBefore(logged.plus(BUSY_LOG_INTERVAL)) || !this.busyLogged.compareAndSet(logged, now)) {
			return;
		}
		this.leftSinceLogged.addAndGet(-left);
		log.warn("The relay is busy; the sweep will publish the events of " + documentId
				+ ((left > 1) ? " and of " + (left - 1) + " other writes since this was last logged" : ""));
	}

	/**
	 * Publishes writes together (those that waited for the same relay thread, or the
	 * documents a sweep found): in waves of distinct documents, so that a document's
	 * later write goes after its earlier one, and not at all once an earlier write of its
	 * document could not be published.
	 * @param giveUp whether to try no other send once one found the broker unreachable
	 * (see {@link #send})
	 * @return whether every event of every write was published
	 */
	private boolean publishTogether(List<Write> writes, boolean giveUp) {
		List<List<Write>> waves = new ArrayList<>();
		Map<String, Integer> seen = new HashMap<>();
		for (Write write : writes) {
			int wave = seen.merge(write.documentId(), 1, Integer::sum) - 1;
			if (wave == waves.size()) {
				waves.add(new ArrayList<>());
			}
			waves.get(wave).add(write);
		}
		Set<String> failed = new HashSet<>();
		for (List<Write> wave : waves) {
			List<Write> left = wave.stream().filter((write) -> !failed.contains(write.documentId())).toList();
			failed.addAll(remove(left, send(left, giveUp)));
		}
		return failed.isEmpty();
	}

	/**
	 * Publishes together the events a sweep found in documents of one collection, except
	 * those this instance's relay threads are still working on and those published and
	 * removed since the sweep read them (duplicates stay rare; consumers drop them by
	 * {@code ce_id}).
	 * @param documents each document's due events
	 * @return whether every one was published
	 */
	boolean publishLeftBehind(String collection, List<LeftBehind> documents) {
		if (documents.isEmpty()) {
			return true;
		}
		Set<String> pending = pendingEventIds(collection,
				documents.stream().map(LeftBehind::documentId).collect(Collectors.toSet()));
		List<Write> writes = new ArrayList<>();
		for (LeftBehind document : documents) {
			List<PendingEvent> left = document.events()
				.stream()
				.filter((event) -> !this.inFlight.contains(event.eventId()) && pending.contains(event.eventId()))
				.toList();
			if (!left.isEmpty()) {
				// the mark goes with them only if they are still all the document held
				String mark = (left.size() == document.events().size()) ? document.mark() : null;
				writes.add(new Write(collection, document.documentId(), left, mark));
			}
		}
		return publishTogether(writes, true);
	}

	/** The ids of the events the documents hold now, in one read. */
	private Set<String> pendingEventIds(String collection, Set<String> documentIds) {
		// by _id alone: the local stack's MongoDB server reads the whole collection for a
		// query on _id and another field (an $in on _id alone it answers from the index)
		Query byId = Query.query(Criteria.where("_id").in(documentIds));
		byId.fields().include("pendingEvents.eventId");
		Set<String> ids = new HashSet<>();
		for (Document found : this.mongo.find(byId, Document.class, collection)) {
			for (Object held : found.getList("pendingEvents", Object.class, List.of())) {
				if (held instanceof Document event && event.get("eventId") instanceof String id) {
					ids.add(id);
				}
			}
		}
		return ids;
	}

	/**
	 * Publishes the events of one document in the order they were raised, stopping at the
	 * first failure so that a group's events are not reordered, and removes those
	 * published from the document: with its mark in one write when they were all it held
	 * and its mark is still the one their write set, otherwise one by one.
	 * @param allPending see {@link #publishSoon}
	 * @return whether every one was published
	 */
	boolean publish(String collection, String documentId, List<PendingEvent> events, boolean allPending) {
		return publishTogether(List.of(Write.of(collection, documentId, events, allPending)), false);
	}

	/**
	 * Sends the events of writes to distinct documents, each document's in the order they
	 * were raised: the first event of every write, then, once Kafka has acknowledged
	 * those, the second of each, and so on; a document's events stop at its first
	 * failure. While the broker is down, each send waits for it ({@code max.block.ms}, 3
	 * s) and fails, one after the other. A relay thread goes on: each of its writes then
	 * waits in memory, and those still waiting when the broker is back are published at
	 * once, in parallel with the other threads, faster than the sweep could (scenario g
	 * of ./benchmark, docs/performance.md). A sweep gives up at the first such failure
	 * ({@code giveUp}): a hundred documents' sends took five minutes to fail, and it held
	 * its lock meanwhile; it now sees the broker's return within a sweep interval.
	 * @return the events Kafka acknowledged, write by write
	 */
	private List<List<PendingEvent>> send(List<Write> writes, boolean giveUp) {
		List<Deque<PendingEvent>> waiting = writes.stream()
			.map((write) -> (Deque<PendingEvent>) new ArrayDeque<>(
					write.events().stream().sorted(Comparator.comparing(PendingEvent::createdAt)).toList()))
			.toList();
		List<List<PendingEvent>> published = writes.stream()
			.map((write) -> (List<PendingEvent>) new ArrayList<PendingEvent>())
			.toList();
		List<Sending> round = new ArrayList<>();
		boolean refused = false;
		do {
			round.clear();
			for (int i = 0; i < writes.size() && !refused; i++) {
				PendingEvent next = waiting.get(i).poll();
				if (next != null) {
					Sending sending = start(i, writes.get(i).documentId(), next);
					round.add(sending);
					refused = giveUp && brokerUnreachable(sending.failure());
				}
			}
			for (Sending sending : round) {
				if (acknowledged(sending)) {
					published.get(sending.write()).add(sending.event());
				}
				else {
					waiting.get(sending.write()).clear();
				}
			}
		}
		while (!round.isEmpty());
		return published;
	}

	/**
	 * Whether the send failed because the producer's wait for the broker ran out (the
	 * broker is down or unreachable), as opposed to a failure of this one event.
	 */
	private static boolean brokerUnreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Removes the published events of writes to distinct documents. Those of a write
	 * published whole whose mark is known go with the mark, in one bulk write per
	 * collection for all such writes (one round trip), which changes a document only
	 * while it still has that mark; the others, and every write of that bulk write if one
	 * of its documents had another mark by then, one event at a time.
	 * @param published the events Kafka acknowledged, write by write
	 * @return the ids of the documents whose write was not published whole
	 */
	private Set<String> remove(List<Write> writes, List<List<PendingEvent>> published) {
		Set<String> notWhole = new HashSet<>();
		Map<String, List<Write>> withMark = new HashMap<>();
		for (int i = 0; i < writes.size(); i++) {
			Write write = writes.get(i);
			boolean whole = published.get(i).size() == write.events().size();
			if (!whole) {
				notWhole.add(write.documentId());
			}
			if (whole && write.mark() != null) {
				withMark.computeIfAbsent(write.collection(), (collection) -> new ArrayList<>()).add(write);
			}
			else {
				removeEach(write, published.get(i));
			}
		}
		withMark.forEach((collection, whole) -> {
			if (!removeWithMarks(collection, whole)) {
				// those the bulk write changed hold none of their events any more, and
				// have no mark: pulling them again changes nothing
				whole.forEach((write) -> removeEach(write, write.events()));
			}
		});
		return notWhole;
	}

	/**
	 * Removes the published events of a write from its document one by one, and its mark
	 * if it is left without pending events.
	 */
	private void removeEach(Write write, List<PendingEvent> published) {
		String collection = write.collection();
		Document left = null;
		for (PendingEvent event : published) {
			left = pull(collection, write.documentId(), event);
		}
		boolean all = published.size() == write.events().size();
		if (all && left != null && left.getList(Outbox.PENDING_EVENTS, Object.class, List.of()).isEmpty()
				&& left.getString(Outbox.PENDING_MARK) != null) {
			unmark(collection, left.getString(Outbox.PENDING_MARK));
		}
	}

	/**
	 * Removes the events and the mark their write set, in one write that matches only if
	 * the document still has that mark: no write added events since, so these were all it
	 * held. The query is on the mark alone (see {@link #unmark}).
	 * @return false if the document has another mark (or none, or is gone)
	 */
	boolean removeWithMark(String collection, List<PendingEvent> events) {
		return removeWithMarks(collection, List.of(Write.of(collection, null, events, true)));
	}

	/**
	 * Removes each write's events and its mark from its document, in one bulk write, each
	 * matching only while the document still has that mark (see {@link #removeWithMark}).
	 * @return false if any document had another mark (or none, or was gone)
	 */
	private boolean removeWithMarks(String collection, List<Write> writes) {
		List<UpdateOneModel<Document>> updates = new ArrayList<>(writes.size());
		for (Write write : writes) {
			Document update = new Document("$pull",
					new Document(Outbox.PENDING_EVENTS, new Document("eventId", new Document("$in", write.eventIds()))))
				.append("$unset", new Document(Outbox.PENDING_MARK, ""));
			updates.add(new UpdateOneModel<>(new Document(Outbox.PENDING_MARK, write.mark()), update));
		}
		// the driver's own bulk write, as written: Spring Data's mapping of the query
		// and the update was most of the cost of this write when it was one a document
		return this.mongo
			.execute(collection, (documents) -> documents.bulkWrite(updates, new BulkWriteOptions().ordered(false)))
			.getModifiedCount() == writes.size();
	}

	/**
	 * Removes a published event from its document.
	 * @return the document's pending events and pending mark just after, or null if the
	 * document is gone
	 */
	Document pull(String collection, String documentId, PendingEvent event) {
		// by _id alone: the local stack's MongoDB server reads the whole collection for a
		// query on _id and another field
		Query byId = Query.query(Criteria.where("_id").is(documentId));
		byId.fields().include(Outbox.PENDING_EVENTS + ".eventId").include(Outbox.PENDING_MARK);
		return this.mongo.findAndModify(byId,
				new Update().pull(Outbox.PENDING_EVENTS, new Document("eventId", event.eventId())),
				FindAndModifyOptions.options().returnNew(true), Document.class, collection);
	}

	/**
	 * Removes a pending mark from the document that has no pending events left, if it is
	 * still the mark that was read with that document. A change that added events since
	 * has set a fresh mark, so this one then matches nothing and the new events stay
	 * findable by the sweep. The query is on the mark alone, so that the local stack's
	 * MongoDB server finds it by the mark's unique index.
	 */
	void unmark(String collection, String mark) {
		this.mongo.updateFirst(Query.query(Criteria.where(Outbox.PENDING_MARK).is(mark)),
				new Update().unset(Outbox.PENDING_MARK), collection);
	}

	/**
	 * Sends one event in a span that continues the trace of the change, so that every
	 * line logged about it carries the trace id of the request that made the change.
	 */
	private Sending start(int write, String documentId, PendingEvent event) {
		Span span = this.trace.startPublish(event);
		try (Tracer.SpanInScope scope = this.trace.inScope(span)) {
			return new Sending(write, documentId, event, span, send(event, span), null);
		}
		catch (RuntimeException ex) {
			return new Sending(write, documentId, event, span, null, ex);
		}
	}

	/**
	 * Waits for Kafka's acknowledgement of a send, and ends its span.
	 * @return whether Kafka took the event
	 */
	private boolean acknowledged(Sending sending) {
		PendingEvent event = sending.event();
		Throwable failure = sending.failure();
		if (failure == null) {
			try {
				sending.acknowledgement().get(ACKNOWLEDGEMENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException ex) {
				failure = ex.getCause();
			}
			catch (TimeoutException ex) {
				failure = new IllegalStateException(
						"Kafka did not acknowledge the event within " + ACKNOWLEDGEMENT_TIMEOUT.toSeconds() + " s", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failure = ex;
			}
		}
		try (Tracer.SpanInScope scope = this.trace.inScope(sending.span())) {
			if (failure != null) {
				sending.span().error(failure);
				this.lastFailure = this.clock.instant();
				this.failures.increment();
				log.warn("Could not publish event " + event.eventId() + " of " + sending.documentId()
						+ "; it stays pending for the sweep: " + failure.getMessage());
				return false;
			}
			log.info("Published " + event.type() + " " + event.eventId() + " for " + event.subject());
			this.meters.counter("events.published", "type", event.type()).increment();
			this.delay.record(Duration.between(event.createdAt(), this.clock.instant()));
			return true;
		}
		finally {
			sending.span().end();
		}
	}

	/**
	 * Lets the writes already handed over be published; the events of any still waiting
	 * after 10 s stay pending in MongoDB.
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.stopping = true;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		for (RelayThread thread : this.threads) {
			if (thread.isAlive()) {
				thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
		}
	}

	/**
	 * Hands the event to the binding, asking for Kafka's acknowledgement.
	 * @return the acknowledgement, done already if the binding sends synchronously
	 */
	private CompletableFuture<?> send(PendingEvent event, Span span) {
		MessageBuilder<byte[]> message = MessageBuilder.withPayload(event.body().getBytes(StandardCharsets.UTF_8));
		event.envelope()
			.headers()
			.forEach((name, value) -> message.setHeader(name, value.getBytes(StandardCharsets.UTF_8)));
		this.trace.inject(span, message);
		message.setHeader(KafkaHeaders.KEY, event.key().getBytes(StandardCharsets.UTF_8));
		KafkaAcknowledgements.request(message, event.eventId());
		Message<byte[]> built = message.build();
		CompletableFuture<?> acknowledgement;
		try {
			if (!this.bridge.send(BINDING, built)) {
				throw new IllegalStateException("The binding " + BINDING + " did not take the event");
			}
		}
		finally {
			acknowledgement = this.acknowledgements.take(event.eventId());
		}
		return (acknowledgement != null) ? acknowledgement : CompletableFuture.completedFuture(null);
	}

	/**
	 * A document's events that a sweep found, due for publishing.
	 *
	 * @param mark the document's pending mark as the sweep read it if these are all the
	 * events it held, otherwise null
	 */
	record LeftBehind(String documentId, List<PendingEvent> events, String mark) {

	}

	/**
	 * One write's events, handed to the relay.
	 *
	 * @param mark the document's pending mark if these are all the events it holds (so
	 * they go with the mark, in one write, while it still has that mark), otherwise null
	 */
	private record Write(String collection, String documentId, List<PendingEvent> events, String mark) {

		/**
		 * A write's events handed over right after it stored them.
		 * @param allPending see {@link EventRelay#publishSoon}
		 */
		static Write of(String collection, String documentId, List<PendingEvent> events, boolean allPending) {
			return new Write(collection, documentId, events, allPending ? PendingMarks.of(events) : null);
		}

		List<String> eventIds() {
			return this.events.stream().map(PendingEvent::eventId).toList();
		}

	}

	/** An event handed to the binding, or the reason it was not. */
	private record Sending(int write, String documentId, PendingEvent event, Span span,
			CompletableFuture<?> acknowledgement, RuntimeException failure) {

	}

	/**
	 * A relay thread: takes the writes waiting for it, up to {@link #BATCH}, and
	 * publishes them together; stops once the relay is stopping and none is left.
	 */
	private final class RelayThread extends Thread {

		private final BlockingQueue<Write> queue;

		private final AtomicBoolean started = new AtomicBoolean();

		RelayThread(int number, int capacity) {
			super("event-relay-" + number);
			setDaemon(true);
			this.queue = new ArrayBlockingQueue<>(capacity);
		}

		/**
		 * Queues the write, starting this thread with its first one.
		 * @return false if the queue is full
		 */
		boolean offer(Write write) {
			if (!this.started.get() && this.started.compareAndSet(false, true)) {
				start();
			}
			return this.queue.offer(write);
		}

		@Override
		public void run() {
			List<Write> writes = new ArrayList<>();
			while (!EventRelay.this.stopping || !this.queue.isEmpty()) {
				try {
					Write first = this.queue.poll(1, TimeUnit.SECONDS);
					if (first == null) {
						continue;
					}
					writes.add(first);
					this.queue.drainTo(writes, BATCH - 1);
					publishTogether(writes, false);
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (RuntimeException ex) {
					log.warn("The relay could not finish publishing " + writes.size()
							+ " writes' events; those left stay pending for the sweep: " + ex.getMessage(), ex);
				}
				finally {
					writes.forEach((write) -> write.eventIds().forEach(EventRelay.this.inFlight::remove));
					writes.clear();
				}
			}
		}

	}

}
