package org.keycities.localstack;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local stack's index reads a document's key itself where its fields are top-level
 * and their values plain; every key must be the one the stock index reads.
 */
class IndexKeysTests {

	private final MVStore store = MVStore.open(null);

	private int indexes;

	@AfterEach
	void close() {
		this.store.close();
	}

	@Test
	void everyKeyIsTheOneTheStockIndexReads() {
		List<List<String>> fields = List.of(List.of("_id"), List.of("groupId", "status"), List.of("nested.key"),
				List.of("groupId", "nested.key"));
		List<Object> values = new ArrayList<>(List.of("key-cities", "", "caf\u00e9 \u2013 1", new ObjectId(), true,
				new Date(1_700_000_000_123L), Instant.parse("2017-03-01T00:00:00Z"), 7, 7.0, 8L, -0.0, 0, -0.5f,
				Long.MAX_VALUE, (1L << 60) + 1, Long.MIN_VALUE + 1, new Decimal128(new BigDecimal("12.50")),
				Missing.getInstance(), new Document("key", "value"), new Document("key", 7), List.of("a", "b"),
				List.of(1, 2.0), List.of(), List.of(new Document("key", "in a list"))));
		values.add(null);
		for (List<String> names : fields) {
			SortedIndexH2Backend.SortedIndex ours = ours(names);
			StockIndex stock = new StockIndex(names);
			for (Object first : values) {
				for (Object second : List.of("active", 3, List.of("x", "y"), "missing")) {
					Document document = new Document("_id", "m-1");
					document.put(names.get(0).replace(".key", ""), first);
					if (names.size() > 1 && !"missing".equals(second)) {
						document.put(names.get(1).replace(".key", ""), second);
					}
					assertSameKeys(ours, stock, document);
				}
			}
			assertSameKeys(ours, stock, new Document("other", "field"));
		}
	}

	private static void assertSameKeys(SortedIndexH2Backend.SortedIndex ours, StockIndex stock, Document document) {
		Set<KeyValue> expected;
		try {
			expected = stock.getKeyValues(document);
		}
		catch (RuntimeException refused) {
			assertThatThrownBy(() -> ours.getKeyValues(document)).as("%s", document)
				.isInstanceOf(refused.getClass())
				.hasMessage(refused.getMessage());
			return;
		}
		assertThat(ours.getKeyValues(document)).as("%s", document).isEqualTo(expected);
	}

	private SortedIndexH2Backend.SortedIndex ours(List<String> names) {
		MVMap<KeyValue, Object> map = this.store.openMap("index-" + this.indexes++,
				new MVMap.Builder<KeyValue, Object>().keyType(new SortedIndexH2Backend.KeyOrder()));
		return new SortedIndexH2Backend.SortedIndex(map, "test", indexKeys(names), false);
	}

	private static List<IndexKey> indexKeys(List<String> names) {
		return names.stream().map((name) -> new IndexKey(name, true)).toList();
	}

	/** The library's unique index as it is, over a plain map. */
	private static final class StockIndex extends AbstractUniqueIndex<Object> {

		private final Map<KeyValue, Object> map = new HashMap<>();

		StockIndex(List<String> names) {
			super("stock", indexKeys(names), false);
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

		@Override
		public long getCount() {
			return this.map.size();
		}

		@Override
		public long getDataSize() {
			return 0;
		}

	}

}
