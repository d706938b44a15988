package org.keycities.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SortedIndexH2BackendTests {

	@TempDir
	Path dir;

	@Test
	void keysOfTextAreOrderedAsTheServersComparatorOrdersThem() {
		ValueComparator server = ValueComparator.asc();
		List<Object> values = List.of("", "a", "B", "b", "ab", "a b", "Ünïcödé", "\uD83D\uDE00 emoji", "0189f2e0-7",
				"0189f2e0-70", 12, 12.5, true, Instant.EPOCH, new de.bwaldvogel.mongo.bson.ObjectId(),
				new de.bwaldvogel.mongo.bson.Document("a", 1));
		for (Object a : values) {
			for (Object b : values) {
				assertThat(Integer.signum(SortedIndexH2Backend.KeyOrder.compareValues(a, b))).as("%s against %s", a, b)
					.isEqualTo(Integer.signum(server.compare(a, b)));
			}
		}
	}

	@Test
	void aStoreWrittenByTheStockBackendIsMovedOverWithEveryDocumentAndIndexEntry() {
		String file = this.dir.resolve("data.mv").toString();
		withServer(new H2Backend(file), (people) -> {
			people.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
			people.insertMany(people(500));
			return null;
		});

		withServer(new SortedIndexH2Backend(file), (people) -> {
			assertThat(people.countDocuments()).isEqualTo(500);
			for (int i = 0; i < 500; i += 37) {
				assertThat(people.find(Filters.eq("_id", "person-" + i)).first()).containsEntry("n", i);
				assertThat(people.find(Filters.eq("email", "p" + i + "@example.org")).first()).containsEntry("n", i);
			}
			assertThat(people.find(Filters.eq("_id", "person-500")).first()).isNull();
			assertDuplicateRefused(people, new Document("_id", "person-7"));
			assertDuplicateRefused(people, new Document("_id", "new").append("email", "p7@example.org"));
			return null;
		});

		try (MVStore store = MVStore.open(file)) {
			assertThat(store.getMapNames()).noneMatch((name) -> name.contains("._index_"))
				.anyMatch((name) -> name.endsWith("people._sorted_index_email_1"));
		}
		// and again, now from its own maps
		withServer(new SortedIndexH2Backend(file), (people) -> {
			assertThat(people.countDocuments()).isEqualTo(500);
			assertThat(people.find(Filters.eq("email", "p499@example.org")).first()).containsEntry("n", 499);
			return null;
		});
	}

	@Test
	void keysOfEveryKindAreFoundAndKeptUnique() {
		withServer(new SortedIndexH2Backend(this.dir.resolve("data.mv").toString()), (people) -> {
			ObjectId objectId = new ObjectId();
			List<Object> ids = List.of("a", "b/c", 7, 7.5, 8L, objectId, new Document("part", 1), true);
			for (Object id : ids) {
				people.insertOne(new Document("_id", id).append("id", String.valueOf(id)));
			}
			for (Object id : ids) {
				assertThat(people.find(Filters.eq("_id", id)).first()).containsEntry("id", String.valueOf(id));
				assertDuplicateRefused(people, new Document("_id", id));
			}
			// as in MongoDB, 7 and 7.0 are the same key
			assertDuplicateRefused(people, new Document("_id", 7.0));
			assertThat(people.find(Filters.regex("_id", "^b/")).into(new ArrayList<>())).hasSize(1);
			return null;
		});
	}

	@Test
	void documentsAndKeysOfEveryKindReadBackTheSameAfterARestart() {
		String file = this.dir.resolve("data.mv").toString();
		Document stored = new Document("_id", new ObjectId()).append("text", "caf\u00e9 \u2013 1")
			.append("int", 42)
			.append("long", 1L << 40)
			.append("double", 2.5)
			.append("flag", true)
			.append("none", null)
			.append("when", new java.util.Date(1_700_000_000_123L))
			.append("list", List.of("a", 1, List.of(2.0)))
			.append("nested", new Document("key", "value").append("deeper", new Document("n", 1)))
			.append("decimal", new org.bson.types.Decimal128(new java.math.BigDecimal("12.50")))
			.append("bytes", new org.bson.types.Binary(new byte[] { 1, 2, 3 }));
		// text keys are stored as their text alone: one with characters beyond ASCII
		Document textKey = new Document("_id", "caf\u00e9/\u2013/1").append("text", "t\u00eate");
		withServer(new SortedIndexH2Backend(file), (people) -> {
			people.createIndex(Indexes.ascending("nested.key", "int"), new IndexOptions().unique(true));
			people.createIndex(Indexes.ascending("text"), new IndexOptions().unique(true).sparse(true));
			people.insertOne(stored);
			people.insertOne(textKey);
			return null;
		});
		withServer(new SortedIndexH2Backend(file), (people) -> {
			assertThat(people.find(Filters.eq("_id", stored.get("_id"))).first()).isEqualTo(stored);
			assertThat(people.find(Filters.eq("_id", textKey.get("_id"))).first()).isEqualTo(textKey);
			assertThat(people.find(Filters.regex("_id", "^caf\u00e9/")).into(new ArrayList<>()))
				.containsExactly(textKey);
			assertDuplicateRefused(people, new Document("_id", "other text").append("text", "t\u00eate"));
			assertDuplicateRefused(people,
					new Document("_id", "other").append("nested", new Document("key", "value")).append("int", 42));
			return null;
		});
	}

	@Test
	void aPrefixQueryFindsWhatTestingEveryKeyFinds() {
		withServer(new SortedIndexH2Backend(this.dir.resolve("data.mv").toString()), (people) -> {
			List<Object> ids = List.of("a", "a/", "a/b", "a/\uffff", "a0", "a.b/x", "ab/x", "b", "A/x", 5,
					new ObjectId(), "a/b/c", "");
			for (Object id : ids) {
				people.insertOne(new Document("_id", id));
			}
			for (String regex : List.of("^a/", "^a", "^a\\.b/", "^", "^b", "^a/b", "^z", "a/", "^a.", "^A\\/")) {
				List<Object> expected = ids.stream()
					.filter((id) -> id instanceof String value
							&& java.util.regex.Pattern.compile(regex).matcher(value).find())
					.toList();
				assertThat(people.find(Filters.regex("_id", regex)).map((d) -> d.get("_id")).into(new ArrayList<>()))
					.as(regex)
					.containsExactlyInAnyOrderElementsOf(expected);
			}
			return null;
		});
		assertThat(SortedIndexH2Backend.SortedIndex.literalPrefix(new BsonRegularExpression("^a\\.b/")))
			.isEqualTo("a.b/");
		assertThat(SortedIndexH2Backend.SortedIndex.literalPrefix(new BsonRegularExpression("^"))).isEmpty();
		for (String notJustAPrefix : List.of("a/", "^a.", "^a\\d", "^a$", "^\\Qa\\E")) {
			assertThat(SortedIndexH2Backend.SortedIndex.literalPrefix(new BsonRegularExpression(notJustAPrefix)))
				.as(notJustAPrefix)
				.isNull();
		}
		assertThat(SortedIndexH2Backend.SortedIndex.literalPrefix(new BsonRegularExpression("^a", "i"))).isNull();
	}

	/**
	 * notification-service claims the next due email with a findAndModify on the prefix
	 * of the due index, sorted by that index's key: the claim must take the first in that
	 * order and read no other document, however many are due (it read and sorted every
	 * due one, for each claim: most of the server's time when one milestone went to 1,000
	 * recipients).
	 */
	@Test
	void aQuerySortedByItsPrefixIndexReadsOnlyTheDocumentsItReturns() {
		SortedIndexH2Backend backend = new SortedIndexH2Backend(this.dir.resolve("data.mv").toString());
		withServer(backend, (queue) -> {
			queue.createIndex(Indexes.ascending("due"), new IndexOptions().unique(true).sparse(true));
			List<Document> waiting = new ArrayList<>();
			List<Integer> order = new ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				order.add(i);
			}
			java.util.Collections.shuffle(order, new Random(7));
			for (int i : order) {
				waiting.add(new Document("_id", "d" + i).append("due", String.format("%05d/d%d", i, i)));
			}
			waiting.add(new Document("_id", "sent").append("status", "SENT"));
			queue.insertMany(waiting);
			Document claim = new Document("$set", new Document("status", "SENDING")).append("$unset",
					new Document("due", ""));
			SortedIndexH2Backend.Collection stored = (SortedIndexH2Backend.Collection) backend.resolveDatabase("test")
				.resolveCollection("people", true);
			long before = stored.documentsRead();
			for (int i = 0; i < 100; i++) {
				Document claimed = queue.findOneAndUpdate(Filters.regex("due", "^"), claim,
						new com.mongodb.client.model.FindOneAndUpdateOptions().sort(Indexes.ascending("due")));
				assertThat(claimed).containsEntry("_id", "d" + i);
			}
			assertThat(stored.documentsRead() - before).as("documents read by 100 claims").isEqualTo(100);
			// any other order is still sorted
			assertThat(queue.find(Filters.regex("due", "^"))
				.sort(Indexes.descending("due"))
				.limit(2)
				.map((d) -> d.get("_id"))
				.into(new ArrayList<>())).containsExactly("d1999", "d1998");
			assertThat(queue.find(Filters.regex("due", "^d")).sort(Indexes.ascending("due")).first()).isNull();
			assertThat(queue.find(Filters.regex("due", "^0010"))
				.sort(Indexes.ascending("due"))
				.map((d) -> d.get("_id"))
				.into(new ArrayList<>())).hasSize(10).startsWith("d100", "d101");
			assertThat(queue.countDocuments(Filters.regex("due", "^"))).isEqualTo(1900);
			return null;
		});
	}

	/**
	 * report-service's rebuild drops its collections rather than deleting every document:
	 * the collection must come back empty, with its _id index, at its next write, also
	 * after a restart.
	 */
	@Test
	void aDroppedCollectionLeavesNothingBehindForTheNextOneOfTheSameName() {
		String file = this.dir.resolve("data.mv").toString();
		withServer(new SortedIndexH2Backend(file), (people) -> {
			people.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
			people.insertMany(people(50));
			people.drop();
			assertThat(people.countDocuments()).isZero();
			assertThat(people.find(Filters.eq("_id", "person-7")).first()).isNull();
			people.insertMany(people(10));
			assertThat(people.countDocuments()).isEqualTo(10);
			assertThat(people.find(Filters.regex("_id", "^person-")).into(new ArrayList<>())).hasSize(10);
			assertDuplicateRefused(people, new Document("_id", "person-3"));
			// the dropped collection's other index went with it
			people.insertOne(new Document("_id", "new").append("email", "p3@example.org"));
			return null;
		});
		withServer(new SortedIndexH2Backend(file), (people) -> {
			assertThat(people.countDocuments()).isEqualTo(11);
			assertThat(people.find(Filters.eq("_id", "person-9")).first()).containsEntry("n", 9);
			assertThat(people.find(Filters.eq("_id", "person-10")).first()).isNull();
			assertDuplicateRefused(people, new Document("_id", "person-9"));
			return null;
		});
		try (MVStore store = MVStore.open(file)) {
			assertThat(store.getMapNames()).noneMatch((name) -> name.endsWith("people._sorted_index_email_1"));
		}
	}

	@Test
	void aDroppedIndexLeavesNothingBehindForTheNextOneOfTheSameName() {
		withServer(new SortedIndexH2Backend(this.dir.resolve("data.mv").toString()), (people) -> {
			people.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
			people.insertMany(people(10));
			people.dropIndex("email_1");
			people.deleteMany(new Document());
			people.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
			people.insertMany(people(10));
			assertThat(people.countDocuments()).isEqualTo(10);
			assertDuplicateRefused(people, new Document("_id", "new").append("email", "p3@example.org"));
			return null;
		});
	}

	private static List<Document> people(int count) {
		List<Document> people = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			people.add(new Document("_id", "person-" + i).append("email", "p" + i + "@example.org").append("n", i));
		}
		return people;
	}

	/**
	 * The fault H2's MVStore has under concurrent use (seen once under benchmark load): a
	 * request going through pages of a chunk the store has just freed failed with "Chunk
	 * N not found". Here the store frees chunks as early as it may and is compacted
	 * without pause while clients scan, insert and read; without the backend holding each
	 * request's version this failed in 6 runs of 7.
	 */
	@Test
	void requestsRacingTheStoresCompactionNeverReachAFreedChunk() throws Exception {
		// a page cache smaller than the data, so that requests read pages from the file,
		// and H2's default page size (48 entries): without the fix, the fault showed in 6
		// of 7 runs with it, and in about half with the backend's 16
		SortedIndexH2Backend backend = new SortedIndexH2Backend(this.dir.resolve("data.mv").toString(), 1, 48);
		MVStore store = backend.getMvStore();
		store.setRetentionTime(0);
		store.setVersionsToKeep(0);
		List<String> errors = new CopyOnWriteArrayList<>();
		AtomicInteger compactions = new AtomicInteger();
		AtomicInteger scans = new AtomicInteger();
		withServer(backend, (people) -> {
			for (int batch = 0; batch < 10; batch++) {
				List<Document> documents = new ArrayList<>();
				for (int i = 0; i < 1000; i++) {
					documents.add(new Document("_id", "g" + (i % 10) + "/" + batch + "-" + i).append("text",
							"y".repeat(300)));
				}
				people.insertMany(documents);
				store.commit();
			}
			long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
			ExecutorService pool = Executors.newFixedThreadPool(5);
			try {
				List<Future<?>> work = new ArrayList<>();
				work.add(pool.submit(() -> {
					while (System.nanoTime() < end) {
						store.commit();
						if (store.compact(95, 1024 * 1024)) {
							compactions.incrementAndGet();
						}
					}
				}));
				for (int client = 0; client < 4; client++) {
					int seed = client;
					work.add(pool.submit(() -> {
						Random random = new Random(seed);
						while (System.nanoTime() < end) {
							String id = "g" + random.nextInt(10) + "/" + UUID.randomUUID();
							try {
								people.insertOne(new Document("_id", id).append("text", "x".repeat(500)));
								people.countDocuments(Filters.regex("text", "^z"));
								scans.incrementAndGet();
								assertThat(people.find(Filters.eq("_id", id)).first()).isNotNull();
							}
							catch (RuntimeException ex) {
								errors.add(ex.getMessage());
							}
						}
					}));
				}
				for (Future<?> each : work) {
					each.get();
				}
			}
			catch (InterruptedException | ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				pool.shutdownNow();
			}
			return null;
		});
		assertThat(compactions).hasPositiveValue();
		assertThat(scans).hasPositiveValue();
		assertThat(errors).isEmpty();
	}

	/**
	 * notification-service's deliveries: ids in time order, each delivery's status
	 * changed soon after it is opened, so the entries of a unique index on
	 * {@code (_id, status)} are removed and inserted again near the index's newest end.
	 * While H2 took every key for 10 KB (a page held one or two), each change deepened
	 * the index by a level: after one benchmark run the index of 142,400 deliveries was
	 * 12,997 levels deep and H2's writer overflowed its stack. Here the index stays a few
	 * levels deep (1,999 levels for 2,000 entries without the fix).
	 */
	@Test
	void anIndexWhoseNewestKeysMoveStaysShallow() {
		SortedIndexH2Backend backend = new SortedIndexH2Backend(this.dir.resolve("data.mv").toString());
		withServer(backend, (deliveries) -> {
			deliveries.createIndex(Indexes.ascending("_id", "status"),
					new IndexOptions().unique(true).name("id_status"));
			Random random = new Random(7);
			NavigableMap<Integer, String> open = new TreeMap<>();
			for (int i = 0; i < 2000; i++) {
				String status = (random.nextInt(3) == 0) ? "PENDING" : "SENDING";
				deliveries.insertOne(new Document("_id", String.format("%08d", i)).append("status", status));
				open.put(i, status);
				for (int change = 0; change < 2 && !open.isEmpty(); change++) {
					Integer next = open.ceilingKey(open.firstKey() + random.nextInt(Math.min(open.size(), 50)));
					String now = open.get(next).equals("PENDING") ? "SENDING" : "SENT";
					deliveries.updateOne(Filters.eq("_id", String.format("%08d", next)), Updates.set("status", now));
					if (now.equals("SENT")) {
						open.remove(next);
					}
					else {
						open.put(next, now);
					}
				}
			}
			// the store closes with the server
			MVMap<KeyValue, Object> index = backend.getMvStore()
				.openMap("test.people._sorted_index_id_status",
						new MVMap.Builder<KeyValue, Object>().keyType(new SortedIndexH2Backend.KeyOrder()));
			assertThat(index.sizeAsLong()).isEqualTo(2000);
			Page<KeyValue, Object> page = index.getRootPage();
			int levels = 1;
			for (; !page.isLeaf(); levels++) {
				page = page.getChildPage(0);
			}
			assertThat(levels).isLessThanOrEqualTo(6);
			return null;
		});
	}

	private static void assertDuplicateRefused(MongoCollection<Document> people, Document document) {
		assertThatThrownBy(() -> people.insertOne(document)).isInstanceOf(MongoWriteException.class)
			.hasMessageContaining("duplicate key");
	}

	private static void withServer(MongoBackend backend, Function<MongoCollection<Document>, Void> work) {
		MongoServer server = new MongoServer(backend);
		try {
			server.bind("127.0.0.1", 0);
			String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
			try (MongoClient client = MongoClients.create(uri)) {
				work.apply(client.getDatabase("test").getCollection("people"));
			}
		}
		finally {
			server.shutdownNow();
		}
	}

}
