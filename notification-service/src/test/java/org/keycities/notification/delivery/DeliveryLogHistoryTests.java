package org.keycities.notification.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycities.testsupport.ReadCountingStore;
import org.keycities.testsupport.MovableClock;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery log on mongo-java-server's H2 backend, as the local stack runs it: it uses
 * an index only for a query on exactly that index's fields, and reads and deserialises
 * every document for any other query. Claims and outcomes must therefore not depend on
 * how many emails were sent before. The store is a file, as the local stack's is, with a
 * cache of 1 MB, so every scan reads the history from the file again: the bytes read
 * while sending show whether sending scanned.
 */
class DeliveryLogHistoryTests {

	private static final int HISTORY = 3000;

	private static final int OPENED = 100;

	private static final int POLLS = 10;

	/** As many as the sender claims together by default. */
	private static final int BATCH = 50;

	ReadCountingStore store;

	MongoServer server;

	MongoClient client;

	MongoTemplate mongo;

	DeliveryLog log;

	@BeforeEach
	void start(@TempDir Path dir) {
		this.store = ReadCountingStore.open(dir.resolve("data.mv"));
		this.server = new MongoServer(this.store.backend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create(this.server.getConnectionString());
		this.mongo = new MongoTemplate(this.client, "notification");
		// as spring.data.mongodb.auto-index-creation does
		MongoMappingContext context = (MongoMappingContext) this.mongo.getConverter().getMappingContext();
		IndexOperations indexes = this.mongo.indexOps(Delivery.class);
		new MongoPersistentEntityIndexResolver(context).resolveIndexFor(Delivery.class).forEach(indexes::createIndex);
		this.log = new DeliveryLog(this.mongo, Clock.systemUTC(), new DeliveryTrace(Tracer.NOOP, Propagator.NOOP));
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.shutdownNow();
	}

	@Test
	void claimingAndRecordingDoNotReadTheSentHistory() {
		DeliveryFixtures.storeSentHistory(this.mongo, "group-1", HISTORY, 300);
		this.store.commit();
		long history = this.store.size();
		for (int i = 0; i < OPENED; i++) {
			assertThat(this.log.open(request("reader-" + i))).isTrue();
		}
		long readBefore = this.store.bytesRead();
		long start = System.nanoTime();
		Set<String> sent = new HashSet<>();
		List<Delivery> batch;
		while (!(batch = this.log.claim(BATCH, Duration.ofMinutes(1))).isEmpty()) {
			batch.forEach((delivery) -> assertThat(sent.add(delivery.getId())).isTrue());
			assertThat(this.log.markSent(batch.stream().map(DeliveryLogHistoryTests::sent).toList()))
				.containsExactlyInAnyOrderElementsOf(batch.stream().map(Delivery::getId).toList());
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		long read = this.store.bytesRead() - readBefore;
		System.out.println("Claimed and recorded " + OPENED + " deliveries next to " + HISTORY + " sent (a file of "
				+ history + " bytes) in " + took + ", reading " + read + " bytes");
		assertThat(sent).hasSize(OPENED);
		// not even one scan of the history, let alone one per claim and outcome
		assertThat(read).as("bytes read while sending").isLessThan(history / 4);
		assertThat(took).as("%d claims and outcomes took %s", OPENED, took).isLessThan(Duration.ofSeconds(5));
		// the history is never due
		assertThat(this.log.markDue()).isZero();
		assertThat(claimOne(this.log, Duration.ofMinutes(1))).isEmpty();
	}

	/**
	 * The backlog gauges are read at every scrape of the metrics: they count what waits
	 * to be sent without reading the sent history, and count what counting by status
	 * counts.
	 */
	@Test
	void theBacklogIsCountedWithoutReadingTheSentHistory() {
		DeliveryFixtures.storeSentHistory(this.mongo, "group-1", HISTORY, 300);
		for (int i = 0; i < 5; i++) {
			assertThat(this.log.open(request("waiting-" + i))).isTrue();
		}
		Delivery retried = claimOne(this.log, Duration.ofMinutes(1)).orElseThrow();
		assertThat(this.log.markFailed(retried, "451 busy", Instant.now().plusSeconds(60))).isTrue();
		Delivery postponed = claimOne(this.log, Duration.ofMinutes(1)).orElseThrow();
		assertThat(this.log.postpone(postponed, Instant.now().plusSeconds(60))).isTrue();
		// being sent: not counted
		claimOne(this.log, Duration.ofMinutes(1)).orElseThrow();
		this.store.commit();
		long history = this.store.size();
		long readBefore = this.store.bytesRead();
		long notSent = this.log.countNotSent();
		long retrying = this.log.countRetrying();
		long read = this.store.bytesRead() - readBefore;
		assertThat(notSent).isEqualTo(4);
		assertThat(retrying).isEqualTo(1);
		assertThat(read).as("bytes read by the counts").isLessThan(history / 4);
		assertThat(notSent).isEqualTo(this.mongo.count(
				Query.query(Criteria.where("status").in(DeliveryStatus.PENDING, DeliveryStatus.RETRYING)),
				Delivery.class));
	}

	@Test
	void theDeliveryDueLongestIsClaimedFirst() throws InterruptedException {
		assertThat(this.log.open(request("first"))).isTrue();
		Thread.sleep(5);
		assertThat(this.log.open(request("retried"))).isTrue();
		assertThat(claimOne(this.log, Duration.ofMinutes(1)).orElseThrow().getRecipientId()).isEqualTo("first");
		Delivery retried = claimOne(this.log, Duration.ofMinutes(1)).orElseThrow();
		assertThat(retried.getRecipientId()).isEqualTo("retried");
		// its retry has been due for a minute, longer than any opened since
		assertThat(this.log.markFailed(retried, "451 busy", Instant.now().minusSeconds(60))).isTrue();
		assertThat(this.log.open(request("later"))).isTrue();
		assertThat(this.log.markDue()).isEqualTo(1);
		assertThat(claimOne(this.log, Duration.ofMinutes(1)).orElseThrow().getRecipientId()).isEqualTo("retried");
		assertThat(claimOne(this.log, Duration.ofMinutes(1)).orElseThrow().getRecipientId()).isEqualTo("later");
		assertThat(claimOne(this.log, Duration.ofMinutes(1))).isEmpty();
	}

	@Test
	void retriesAndLostLeasesAreClaimedOnceThePollMarksThemDue() {
		assertThat(this.log.open(request("retried"))).isTrue();
		Delivery first = claimOne(this.log, Duration.ofMinutes(1)).orElseThrow();
		assertThat(claimOne(this.log, Duration.ofMinutes(1))).isEmpty();
		// a retry whose time has come waits for the poll to mark it
		assertThat(this.log.markFailed(first, "451 busy", Instant.now().minusMillis(1))).isTrue();
		assertThat(claimOne(this.log, Duration.ofMinutes(1))).isEmpty();
		assertThat(this.log.markDue()).isEqualTo(1);
		Delivery retry = claimOne(this.log, Duration.ofMinutes(1)).orElseThrow();
		assertThat(retry.getId()).isEqualTo(first.getId());
		assertThat(retry.getAttempts()).isEqualTo(1);
		// a claim whose lease ran out is marked and claimed again; its first holder can
		// no
		// longer record anything, the new one can
		assertThat(claimOne(this.log, Duration.ofMinutes(1))).isEmpty();
		assertThat(this.log.markDue()).isZero();
		assertThat(this.log.open(request("abandoned"))).isTrue();
		Delivery lost = claimOne(this.log, Duration.ZERO).orElseThrow();
		assertThat(this.log.markDue()).isEqualTo(1);
		Delivery again = claimOne(this.log, Duration.ofMinutes(1)).orElseThrow();
		assertThat(again.getId()).isEqualTo(lost.getId());
		assertThat(again.getLeaseToken()).isNotEqualTo(lost.getLeaseToken());
		assertThat(markSent(this.log, lost)).isFalse();
		assertThat(this.log.markFailed(lost, "late", null)).isFalse();
		assertThat(markSent(this.log, again)).isTrue();
		assertThat(markSent(this.log, again)).isFalse();
		assertThat(markSent(this.log, retry)).isTrue();
		// a holder that records after its lease ran out, before anyone claimed again,
		// still records, and the delivery is no longer due
		assertThat(this.log.open(request("slow"))).isTrue();
		Delivery slow = claimOne(this.log, Duration.ZERO).orElseThrow();
		assertThat(this.log.markDue()).isEqualTo(1);
		assertThat(markSent(this.log, slow)).isTrue();
		assertThat(claimOne(this.log, Duration.ofMinutes(1))).isEmpty();
		// a postponed one is not due until its time, and a cancelled one never
		assertThat(this.log.open(request("postponed"))).isTrue();
		Delivery postponed = claimOne(this.log, Duration.ofMinutes(1)).orElseThrow();
		assertThat(this.log.postpone(postponed, Instant.now().plusSeconds(60))).isTrue();
		assertThat(this.log.markDue()).isZero();
		assertThat(claimOne(this.log, Duration.ofMinutes(1))).isEmpty();
		assertThat(this.log.open(request("cancelled"))).isTrue();
		assertThat(this.log.cancelWaiting("milestone-1")).isEqualTo(2);
		assertThat(this.log.markDue()).isZero();
		assertThat(claimOne(this.log, Duration.ofMinutes(1))).isEmpty();
		for (Delivery delivery : this.mongo.findAll(Delivery.class)) {
			assertThat(delivery.getLeaseToken()).isNull();
		}
	}

	/**
	 * Senders claiming side by side (threads of one instance, or other instances) take
	 * batches of the longest due, each delivery only once.
	 */
	@Test
	void sendersClaimingBatchesSideBySideNeverTakeOneDeliveryTwice() throws Exception {
		List<DeliveryRequest> requests = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			requests.add(request("side-" + i));
		}
		assertThat(this.log.openAll(requests)).isEqualTo(400);
		List<String> claimed = java.util.Collections.synchronizedList(new ArrayList<>());
		java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(4);
		List<java.util.concurrent.Future<?>> done = new ArrayList<>();
		for (int s = 0; s < 4; s++) {
			DeliveryLog sender = new DeliveryLog(this.mongo, Clock.systemUTC(),
					new DeliveryTrace(Tracer.NOOP, Propagator.NOOP));
			done.add(senders.submit(() -> {
				List<Delivery> batch;
				while (!(batch = sender.claim(7, Duration.ofMinutes(1))).isEmpty()) {
					batch.forEach((delivery) -> claimed.add(delivery.getId()));
				}
			}));
		}
		for (java.util.concurrent.Future<?> sender : done) {
			sender.get();
		}
		senders.shutdown();
		assertThat(claimed).hasSize(400).doesNotHaveDuplicates();
		assertThat(this.mongo.count(Query.query(Criteria.where("status").is(DeliveryStatus.SENDING)), Delivery.class))
			.isEqualTo(400);
	}

	/**
	 * A batch is recorded in one write; a claim of it that was lost meanwhile (its lease
	 * ran out and another sender sent and recorded the email) is neither recorded again
	 * nor reported as recorded, and the others are.
	 */
	@Test
	void aBatchsOutcomesAreRecordedTogetherExceptForAClaimLostMeanwhile() {
		assertThat(this.log.openAll(List.of(request("a"), request("b"), request("c")))).isEqualTo(3);
		List<Delivery> batch = this.log.claim(BATCH, Duration.ZERO);
		assertThat(batch).extracting(Delivery::getRecipientId).containsExactlyInAnyOrder("a", "b", "c");
		// the lease ran out: the poll marks all three due, and another sender takes one,
		// sends it and records it
		assertThat(this.log.markDue()).isEqualTo(3);
		Delivery taken = claimOne(this.log, Duration.ofMinutes(1)).orElseThrow();
		assertThat(markSent(this.log, taken)).isTrue();

		Set<String> recorded = this.log.markSent(batch.stream().map(DeliveryLogHistoryTests::sent).toList());

		assertThat(recorded).hasSize(2)
			.doesNotContain(taken.getId())
			.allMatch((id) -> batch.stream().anyMatch((delivery) -> delivery.getId().equals(id)));
		for (Delivery delivery : batch) {
			Delivery stored = this.log.find(delivery.getId()).orElseThrow();
			assertThat(stored.getStatus()).isEqualTo(DeliveryStatus.SENT);
			assertThat(stored.getAttemptLog()).hasSize(1);
		}
		// recorded ones are no longer due, though the poll had marked them
		assertThat(claimOne(this.log, Duration.ofMinutes(1))).isEmpty();
	}

	/** Opening a milestone's emails again (the event seen again) opens none twice. */
	@Test
	void openingAllAgainOpensOnlyWhatWasNotOpenedBefore() {
		assertThat(this.log.openAll(List.of(request("a"), request("b")))).isEqualTo(2);
		assertThat(this.log.openAll(List.of(request("a"), request("b"), request("c")))).isOne();
		assertThat(this.log.openAll(List.of())).isZero();
		assertThat(this.mongo.findAll(Delivery.class)).extracting(Delivery::getRecipientId)
			.containsExactlyInAnyOrder("a", "b", "c");
	}

	@Test
	void afterTheFirstPollThePollReadsOnlyWhatWaitsAndWhatIsHeld() {
		MovableClock clock = new MovableClock(Instant.now());
		DeliveryLog log = new DeliveryLog(this.mongo, clock, new DeliveryTrace(Tracer.NOOP, Propagator.NOOP));
		DeliveryFixtures.storeSentHistory(this.mongo, "group-1", HISTORY, 300);
		// a retry stored by the previous version, which did not index waiting deliveries
		String upgraded = storeRetryOfThePreviousVersion(clock.instant().plusSeconds(60));
		this.store.commit();
		long history = this.store.size();
		// the first poll after start-up reads the whole log once
		long readFirst = this.store.bytesRead();
		assertThat(log.markDue()).isZero();
		readFirst = this.store.bytesRead() - readFirst;
		assertThat(this.mongo.getCollection("deliveries").find(new Document("_id", upgraded)).first())
			.containsEntry("waiting", upgraded);
		assertThat(log.open(request("retried"))).isTrue();
		assertThat(log.open(request("abandoned"))).isTrue();
		Delivery retried = claimOne(log, Duration.ofMinutes(1)).orElseThrow();
		Delivery abandoned = claimOne(log, Duration.ofMinutes(1)).orElseThrow();
		assertThat(log.markFailed(retried, "451 busy", clock.instant().plusSeconds(30))).isTrue();
		long readBefore = this.store.bytesRead();
		long start = System.nanoTime();
		for (int poll = 0; poll < POLLS; poll++) {
			assertThat(log.markDue()).isZero();
			assertThat(sendAllDue(log)).isEmpty();
			clock.advance(Duration.ofSeconds(1));
		}
		// the retry's and the upgraded retry's time has come, and the lease ran out
		clock.advance(Duration.ofMinutes(2));
		assertThat(log.markDue()).isEqualTo(3);
		assertThat(sendAllDue(log)).containsExactlyInAnyOrder(retried.getId(), abandoned.getId(), upgraded);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		long read = this.store.bytesRead() - readBefore;
		System.out.println("Next to " + HISTORY + " sent (a file of " + history + " bytes) the first poll read "
				+ readFirst + " bytes, and " + (POLLS + 1) + " more polls read " + read + " bytes in " + took);
		assertThat(readFirst).as("bytes read by the first poll").isGreaterThan(history / 2);
		// a small fraction of one scan of the history, over all the polls
		assertThat(read).as("bytes read by %d polls", POLLS + 1).isLessThan(history / 10);
		assertThat(markSent(log, abandoned)).isFalse();
		for (String id : List.of(retried.getId(), abandoned.getId(), upgraded)) {
			Delivery delivery = log.find(id).orElseThrow();
			assertThat(delivery.getStatus()).isEqualTo(DeliveryStatus.SENT);
			assertThat(delivery.isWaiting()).isFalse();
			assertThat(delivery.isDue()).isFalse();
		}
		// the upgrade took the lease tokens the previous version left on recorded
		// outcomes
		assertThat(this.mongo.count(Query.query(Criteria.where("leaseToken").exists(true)), Delivery.class)).isZero();
	}

	/** Claims and records as sent everything due, as the sending loop does. */
	private static List<String> sendAllDue(DeliveryLog log) {
		List<String> sent = new ArrayList<>();
		List<Delivery> batch;
		while (!(batch = log.claim(BATCH, Duration.ofMinutes(1))).isEmpty()) {
			List<String> ids = batch.stream().map(Delivery::getId).toList();
			assertThat(log.markSent(batch.stream().map(DeliveryLogHistoryTests::sent).toList()))
				.containsExactlyInAnyOrderElementsOf(ids);
			sent.addAll(ids);
		}
		return sent;
	}

	/**
	 * A delivery waiting for its retry as the previous version stored it: neither due nor
	 * in the index of waiting deliveries, and with the lease token of its last claim.
	 */
	private String storeRetryOfThePreviousVersion(Instant retryAt) {
		DeliveryRequest request = request("old-retry");
		Delivery delivery = new Delivery(UUID.randomUUID().toString(), request.key(), request.groupId(),
				request.recipientId(), request.email(), request.kind(), request.milestoneId(),
				request.milestoneVersion(), request.eventId(), request.eventTime(), null, null, Instant.now(), null);
		Document document = new Document();
		this.mongo.getConverter().write(delivery, document);
		document.put("status", DeliveryStatus.RETRYING.name());
		document.put("attempts", 1);
		document.put("nextAttemptAt", Date.from(retryAt));
		document.put("leaseToken", UUID.randomUUID().toString());
		this.mongo.getCollection("deliveries").insertOne(document);
		return delivery.getId();
	}

	private static DeliveryRequest request(String recipientId) {
		return new DeliveryRequest(DeliveryKind.IMMEDIATE,
				DeliveryRequest.key(DeliveryKind.IMMEDIATE, "milestone-1", "v1", recipientId), "group-1", recipientId,
				recipientId + "@council.gov.uk", "milestone-1", 1L, "event-1", Instant.now(), null, null, null);
	}

	/** The sender's claim, of one delivery. */
	private static Optional<Delivery> claimOne(DeliveryLog log, Duration lease) {
		return log.claim(1, lease).stream().findFirst();
	}

	/** The sender's record of an email sent, for one: whether it was recorded. */
	private static boolean markSent(DeliveryLog log, Delivery delivery) {
		return log.markSent(List.of(sent(delivery))).contains(delivery.getId());
	}

	private static DeliveryLog.Sent sent(Delivery delivery) {
		return new DeliveryLog.Sent(delivery, "subject", "<p>html</p>", "text");
	}

}
