package org.keycities.localstack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * mongo-java-server's H2 backend, with its unique indexes (the {@code _id} index among
 * them) ordered by their values instead of by their serialised bytes.
 * <p>
 * The stock backend keeps each index in an H2 map with H2's generic key type, which
 * compares keys it does not know by serialising both with Java serialisation. Every
 * lookup of a document by {@code _id}, and every insert (which checks each unique index),
 * therefore serialised two keys at each step of a binary search through the index: a
 * profile of single-document inserts showed {@code ObjectOutputStream} taking most of the
 * server's time. Here the keys are compared as MongoDB orders values, and stored exactly
 * as before.
 * <p>
 * Indexes are kept in maps of their own name ({@code ._sorted_index_}), as an H2 map must
 * be read in the order it was written in. A store written by the stock backend is moved
 * over when an index is opened: its entries are copied into the new map, and the old map
 * is removed only after that, so a start-up stopped half-way copies again on the next.
 */
final class SortedIndexH2Backend extends H2Backend {

	private static final KeyOrder KEYS = new KeyOrder();

	private static final BsonDocuments DOCUMENTS = new BsonDocuments();

	/**
	 * H2's page cache, in MB: a tenth of the JVM's heap, at least 64 (four times H2's
	 * default; ./start gives the stack's JVM 768 MB, ./benchmark 3 GB). H2 counts a
	 * document at its BSON size, and decoded it takes three to four times that on the
	 * heap. With 64 MB, a profile of the benchmark's rebuild (300,000 documents and more)
	 * showed the server's threads spending two fifths of their time reading and decoding
	 * again pages the cache had dropped, and H2's serialisation thread a fifth dropping
	 * pages from the cache.
	 */
	private static final int CACHE_MB = (int) Math.max(64, Runtime.getRuntime().maxMemory() / 10 / (1024 * 1024));

	/**
	 * Entries per page, a third of H2's default. H2 writes every page changed since the
	 * last commit again, all its entries encoded anew, so an insert at a random place in
	 * a large collection cost the encoding of up to 48 documents; a profile of the
	 * benchmark's rebuild showed H2's serialisation thread taking as much CPU as all
	 * requests together. ./benchmark's figures before and after are in
	 * docs/performance.md.
	 */
	private static final int KEYS_PER_PAGE = 16;

	/**
	 * How much changed data (KB, by H2's estimate) makes H2 commit at once rather than at
	 * its next commit a second later: 64 MB instead of up to 19 MB, so that a burst of
	 * writes is committed once a second rather than several times (each commit writes
	 * every changed page). It does not lengthen the time between commits otherwise.
	 */
	private static final int UNSAVED_KB = 64 * 1024;

	/**
	 * How full (percent) H2 keeps the chunks of its file by rewriting their live pages
	 * into new ones in the background: half, instead of H2's 90. At 90, H2 rewrote chunks
	 * under 62% full every third of a second while the store was in use (up to a quarter
	 * of {@link #UNSAVED_KB} each time), and under 90% whenever it saw no file access for
	 * that long: on ./start's store, each download of a 9,000-milestone report cost the
	 * server 350 ms of CPU rewriting chunks against 90 ms answering the query (45 ms
	 * without the rewriting). At 50, H2 rewrites nothing while the store is in use and
	 * only chunks under half full otherwise; the file may hold more dead pages.
	 */
	private static final int FILL_PERCENT = 50;

	SortedIndexH2Backend(String fileName) {
		this(fileName, CACHE_MB, KEYS_PER_PAGE);
	}

	SortedIndexH2Backend(String fileName, int cacheMb, int keysPerPage) {
		super(new MVStore.Builder().fileName(fileName)
			.cacheSize(cacheMb)
			.keysPerPage(keysPerPage)
			.autoCommitBufferSize(UNSAVED_KB)
			.autoCompactFillRate(FILL_PERCENT)
			.open());
	}

	/*
	 * Every request holds the store's current version while it runs. H2's MVStore frees a
	 * chunk once no version it keeps uses it; a request reading or writing through an
	 * older root (a long query, an insert racing a background rewrite of chunks) could
	 * otherwise reach a page in a chunk freed under it and fail with "Chunk N not found",
	 * which is what happened once under benchmark load: the document went into the
	 * collection and not into its _id index (h2database/h2database#4218, #4383). H2's own
	 * SQL engine holds versions the same way. These are the three entry points the wire
	 * protocol handler calls; handleMessage goes on to handleCommand, which then holds
	 * the version a second time (a counter, released in the same order).
	 */

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		return holdingVersion(() -> super.handleCommand(channel, databaseName, command, query));
	}

	@Override
	public QueryResult handleQuery(MongoQuery query) {
		return holdingVersion(() -> super.handleQuery(query));
	}

	@Override
	public Document handleMessage(MongoMessage message) {
		return holdingVersion(() -> super.handleMessage(message));
	}

	private <T> T holdingVersion(Supplier<T> request) {
		MVStore store = getMvStore();
		MVStore.TxCounter version = store.registerVersionUsage();
		try {
			return request.get();
		}
		finally {
			store.deregisterVersionUsage(version);
		}
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		return new Database(databaseName);
	}

	private final class Database extends H2Database {

		Database(String databaseName) {
			super(databaseName, getMvStore(), getCursorRegistry());
		}

		@Override
		protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			MVStore store = getMvStore();
			MVMap<KeyValue, Object> index = store.openMap(mapName(collectionName, indexName),
					new MVMap.Builder<KeyValue, Object>().keyType(KEYS));
			String stock = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
			if (store.hasMap(stock)) {
				MVMap<KeyValue, Object> old = store.openMap(stock);
				index.clear();
				for (Map.Entry<KeyValue, Object> entry : old.entrySet()) {
					index.put(entry.getKey(), entry.getValue());
				}
				store.removeMap(old);
			}
			return new SortedIndex(index, indexName, keys, sparse);
		}

		@Override
		protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
			String namespace = getFullCollectionNamespace(collectionName);
			MVStore store = getMvStore();
			MVMap<Object, Document> documents = store.openMap("databases." + namespace,
					new MVMap.Builder<Object, Document>().valueType(DOCUMENTS));
			MVMap<String, Object> meta = store.openMap("meta." + namespace);
			return new Collection(this, collectionName, options, documents, meta, this.cursorRegistry);
		}

		@Override
		protected void dropIndex(MongoCollection<Object> collection, String indexName) {
			super.dropIndex(collection, indexName);
			getMvStore().removeMap(mapName(collection.getCollectionName(), indexName));
		}

		private String mapName(String collectionName, String indexName) {
			return getFullCollectionNamespace(collectionName) + "._sorted_index_" + indexName;
		}

	}

	/**
	 * The stock H2 collection, except that a query answered by a prefix of one of the
	 * {@link SortedIndex}es and sorted by that index's key alone is not sorted again: the
	 * index gives its documents in that order already, so a query with a limit, such as
	 * notification-service's claim of the next due email (a {@code findAndModify} sorted
	 * by {@code due}), stops at the first match instead of reading and sorting every due
	 * document, for each claim.
	 */
	static final class Collection extends H2Collection {

		private final LongAdder documentsRead = new LongAdder();

		Collection(MongoDatabase database, String collectionName, CollectionOptions options,
				MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
			super(database, collectionName, options, documents, meta, cursors);
		}

		@Override
		protected QueryResult matchDocuments(Document query, Iterable<Object> positions, Document orderBy,
				int numberToSkip, int limit, int batchSize, Document fieldSelector) {
			Document order = (positions instanceof KeyOrdered ordered && ordered.isSortedBy(orderBy)) ? null : orderBy;
			return super.matchDocuments(query, positions, order, numberToSkip, limit, batchSize, fieldSelector);
		}

		@Override
		protected Document getDocument(Object position) {
			this.documentsRead.increment();
			return super.getDocument(position);
		}

		/** How many documents this collection's queries read so far, for tests. */
		long documentsRead() {
			return this.documentsRead.sum();
		}

	}

	/**
	 * The positions of the documents whose key starts with a prefix, read from the index
	 * one at a time as they are wanted, in ascending order of the key.
	 */
	record KeyOrdered(MVMap<KeyValue, Object> map, String key, String prefix) implements Iterable<Object> {

		/** Whether {@code orderBy} asks for nothing but this order. */
		boolean isSortedBy(Document orderBy) {
			return orderBy != null && orderBy.size() == 1 && orderBy.get(this.key) instanceof Number direction
					&& direction.intValue() == 1;
		}

		@Override
		public Iterator<Object> iterator() {
			Cursor<KeyValue, Object> cursor = this.map.cursor(new KeyValue(this.prefix));
			return new Iterator<>() {

				private Object next = advance();

				private Object advance() {
					if (!cursor.hasNext()) {
						return null;
					}
					KeyValue key = cursor.next();
					return (key.get(0) instanceof String value && value.startsWith(KeyOrdered.this.prefix))
							? cursor.getValue() : null;
				}

				@Override
				public boolean hasNext() {
					return this.next != null;
				}

				@Override
				public Object next() {
					if (this.next == null) {
						throw new NoSuchElementException();
					}
					Object current = this.next;
					this.next = advance();
					return current;
				}

			};
		}

	}

	/** The stock H2 index's operations, on a map ordered by {@link KeyOrder}. */
	static final class SortedIndex extends AbstractUniqueIndex<Object> {

		private final MVMap<KeyValue, Object> map;

		private final List<String> keyNames;

		/** Whether every indexed field is a top-level one, its name without a dot. */
		private final boolean topLevelFields;

		SortedIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
			super(name, keys, sparse);
			this.map = map;
			this.keyNames = List.copyOf(super.keys());
			this.topLevelFields = this.keyNames.stream().noneMatch((key) -> key.contains(".") || key.equals("$"));
		}

		/**
		 * A document's key in this index, read directly where every indexed field is a
		 * top-level one: the stock index splits each field's name with a regular
		 * expression and builds a map and two streams for every key it reads, for each
		 * document written, removed or looked up; that splitting alone was a fifth of
		 * what the MongoDB server allocated under the benchmark's end-to-end load
		 * (docs/performance.md, sixteenth round). Values are normalised as the stock
		 * index normalises them (a missing field is null; 7 and 7.0 are one key);
		 * embedded documents and arrays (an array gives one key per element) are read the
		 * stock way. {@code checkAdd} and {@code checkUpdate} read keys through a method
		 * of the library's own package and keep the stock way.
		 */
		@Override
		public Set<KeyValue> getKeyValues(Document document) {
			if (!this.topLevelFields) {
				return super.getKeyValues(document);
			}
			Object[] values = new Object[this.keyNames.size()];
			for (int i = 0; i < values.length; i++) {
				Object value = document.get(this.keyNames.get(i));
				if (value instanceof Map || value instanceof java.util.Collection || value instanceof Missing) {
					return super.getKeyValues(document);
				}
				values[i] = (value instanceof Number number) ? normalized(number) : value;
			}
			return Set.of(new KeyValue(values));
		}

		/**
		 * A number as the stock index normalises it: a double (0.0 for -0.0), unless it
		 * is a long that a double cannot hold exactly.
		 */
		private static Object normalized(Number number) {
			if (number instanceof Long whole && whole.longValue() != (long) whole.doubleValue()) {
				return whole;
			}
			double value = number.doubleValue();
			return (value == 0.0) ? 0.0 : value;
		}

		/**
		 * The indexed fields' names, made once: the stock index makes the list anew (a
		 * stream) each time it reads a document's keys, several times for each document
		 * written. In a profile of the benchmark's end-to-end scenario those lists were a
		 * tenth of what the MongoDB server allocated (docs/performance.md, sixteenth
		 * round). Every caller only reads it.
		 */
		@Override
		protected List<String> keys() {
			return this.keyNames;
		}

		@Override
		protected Object removeDocument(KeyValue key) {
			return this.map.remove(key);
		}

		@Override
		protected boolean putKeyPosition(KeyValue key, Object position) {
			return this.map.putIfAbsent(key, Missing.ofNullable(position)) == null;
		}

		@Override
		protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
			return this.map.entrySet();
		}

		@Override
		protected Object getPosition(KeyValue key) {
			return this.map.get(key);
		}

		/**
		 * A query for a literal prefix ({@code ^} and plain or escaped characters, as
		 * report-service asks for one group's milestones) reads only the keys with that
		 * prefix, in order, and only as many as the query takes: they lie together in
		 * this index's order. Any other query is answered as the stock index does (a
		 * regular expression by testing every key).
		 */
		@Override
		public synchronized Iterable<Object> getPositions(Document query) {
			String prefix = (keys().size() == 1) ? literalPrefix(query.get(keys().get(0))) : null;
			if (prefix == null) {
				return super.getPositions(query);
			}
			return new KeyOrdered(this.map, keys().get(0), prefix);
		}

		/** The prefix a regular expression stands for, or null if it is not just one. */
		static String literalPrefix(Object queried) {
			if (!BsonRegularExpression.isRegularExpression(queried)) {
				return null;
			}
			BsonRegularExpression expression = BsonRegularExpression.convertToRegularExpression(queried);
			String pattern = expression.getPattern();
			String options = expression.getOptions();
			if ((options != null && !options.isEmpty()) || !pattern.startsWith("^")) {
				return null;
			}
			StringBuilder prefix = new StringBuilder();
			for (int i = 1; i < pattern.length(); i++) {
				char c = pattern.charAt(i);
				if (c == '\\') {
					i++;
					if (i == pattern.length() || Character.isLetterOrDigit(pattern.charAt(i))) {
						// \d, \Q and the like are classes or quoting, not the character
						return null;
					}
					prefix.append(pattern.charAt(i));
				}
				else if ("^$.|?*+()[]{}".indexOf(c) >= 0) {
					return null;
				}
				else {
					prefix.append(c);
				}
			}
			return prefix.toString();
		}

		@Override
		public long getCount() {
			return this.map.sizeAsLong();
		}

		@Override
		public boolean isEmpty() {
			return this.map.isEmpty();
		}

		@Override
		public long getDataSize() {
			return getCount();
		}

	}

	/**
	 * Orders index keys by their values as MongoDB compares them; keys the comparison
	 * cannot tell apart but that are not equal (say a whole and a decimal number of the
	 * same value) fall back to the order of their bytes, so the order stays total. Stores
	 * keys as H2's generic type does.
	 */
	static final class KeyOrder extends BasicDataType<KeyValue> {

		/**
		 * Tags a key of one text value, stored as its UTF-8 bytes; neither one of the
		 * tags H2's generic type writes first (0 to 119) nor {@link Bson#TAG}.
		 */
		private static final byte TEXT = 125;

		private static final ValueComparator VALUES = ValueComparator.asc();

		private final ObjectDataType stored = new ObjectDataType();

		@Override
		public int compare(KeyValue a, KeyValue b) {
			if (a == b) {
				return 0;
			}
			int size = Math.min(a.size(), b.size());
			for (int i = 0; i < size; i++) {
				int order = compareValues(a.get(i), b.get(i));
				if (order != 0) {
					return order;
				}
			}
			if (a.size() != b.size()) {
				return Integer.compare(a.size(), b.size());
			}
			return a.equals(b) ? 0 : this.stored.compare(a, b);
		}

		/**
		 * Two texts (most keys: ids, event ids, marks) compared as mongo-java-server's
		 * comparator compares them, without its checks of every other type first: the
		 * comparisons were a sixth of the server's time in the end-to-end scenario.
		 */
		static int compareValues(Object a, Object b) {
			if (a instanceof String x && b instanceof String y) {
				return x.compareTo(y);
			}
			return VALUES.compare(a, b);
		}

		/**
		 * For H2's estimate of a page's size, by which it splits pages and sizes its
		 * cache: the key's values as H2's generic type counts a text or a number. H2's
		 * generic type took every key for a serialised object of 10 KB, so a page (split
		 * above 16 KB) held one key or two, and an index whose keys are removed and
		 * inserted again at its newest end (a delivery's status changing: {@code _id},
		 * then the status) grew into a chain of pages, one level for each page split off:
		 * after 142,400 deliveries, one index was 12,997 levels deep and writing it
		 * overflowed the stack (docs/performance.md).
		 */
		@Override
		public int getMemory(KeyValue key) {
			int memory = 24;
			for (int i = 0; i < key.size(); i++) {
				memory += (key.get(i) instanceof String text) ? 24 + 2 * text.length() : 24;
			}
			return memory;
		}

		@Override
		public void write(WriteBuffer buffer, KeyValue key) {
			if (key.size() == 1 && key.get(0) instanceof String text) {
				// most keys (ids, event ids, marks): the text alone, not a BSON document
				byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
				buffer.put(TEXT).putVarInt(utf8.length).put(utf8);
				return;
			}
			Document values = new Document();
			for (int i = 0; i < key.size(); i++) {
				values.put(Integer.toString(i), key.get(i));
			}
			if (Bson.write(buffer, values) < 0) {
				this.stored.write(buffer, key);
			}
		}

		@Override
		public KeyValue read(ByteBuffer buffer) {
			if (buffer.get(buffer.position()) == TEXT) {
				buffer.get();
				int length = DataUtils.readVarInt(buffer);
				byte[] utf8 = new byte[length];
				buffer.get(utf8);
				return new KeyValue(List.of(new String(utf8, StandardCharsets.UTF_8)));
			}
			if (!Bson.isNext(buffer)) {
				return (KeyValue) this.stored.read(buffer);
			}
			return new KeyValue(Bson.read(buffer).values());
		}

		@Override
		public KeyValue[] createStorage(int size) {
			return new KeyValue[size];
		}

	}

	/**
	 * Stores documents as BSON, tagged so that documents stored by the stock backend
	 * (with Java serialisation, H2's generic type) are still read. Java serialisation of
	 * every document of a page, each time the page is written, was the server's next
	 * largest cost after the index lookups.
	 */
	static final class BsonDocuments extends BasicDataType<Document> {

		private final ObjectDataType stored = new ObjectDataType();

		/**
		 * For H2's estimate of a page's size (it splits pages and sizes its cache by it):
		 * the running average of the documents written, as H2's generic type keeps.
		 */
		private volatile int averageSize = 1024;

		@Override
		public int getMemory(Document document) {
			return this.averageSize;
		}

		@Override
		public void write(WriteBuffer buffer, Document document) {
			int length = Bson.write(buffer, document);
			if (length < 0) {
				this.stored.write(buffer, document);
			}
			else {
				this.averageSize = (this.averageSize * 15 + length) / 16;
			}
		}

		@Override
		public Document read(ByteBuffer buffer) {
			return Bson.isNext(buffer) ? Bson.read(buffer) : (Document) this.stored.read(buffer);
		}

		@Override
		public Document[] createStorage(int size) {
			return new Document[size];
		}

	}

	/**
	 * A document as a tag, its length and its BSON, with the MongoDB server's own codec.
	 */
	private static final class Bson {

		/** Not one of the type tags H2's generic type writes first (0 to 119). */
		private static final byte TAG = 126;

		/**
		 * Each thread's buffer to encode into, kept from one document to the next: a new
		 * one for each, grown as it filled, was a tenth of H2's serialisation thread.
		 */
		private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

		/**
		 * @return the length of the BSON written, or -1 with nothing written when the
		 * document holds a value BSON cannot (the caller then stores it as the stock
		 * backend would)
		 */
		static int write(WriteBuffer buffer, Map<String, ?> document) {
			ByteBuf bson = ENCODING.get().clear();
			try {
				BsonEncoder.encodeDocument(document, bson);
			}
			catch (RuntimeException ex) {
				return -1;
			}
			int length = bson.readableBytes();
			buffer.put(TAG).putVarInt(length).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
			if (bson.capacity() > 1024 * 1024) {
				// a rare large document's buffer is not kept
				ENCODING.remove();
			}
			return length;
		}

		static boolean isNext(ByteBuffer buffer) {
			return buffer.get(buffer.position()) == TAG;
		}

		static Document read(ByteBuffer buffer) {
			buffer.get();
			int length = DataUtils.readVarInt(buffer);
			ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice(buffer.position(), length));
			buffer.position(buffer.position() + length);
			return BsonDecoder.decodeBson(bson);
		}

	}

}
