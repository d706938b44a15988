package org.keycities.report.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.bulk.BulkWriteError;

import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Inserting many documents whose keys may already be taken, in one round trip. */
final class Inserts {

	private static final int DUPLICATE_KEY = 11000;

	private Inserts() {
	}

	/**
	 * Inserts the entities whose {@code _id} is free and leaves the others as they are.
	 * @return those inserted
	 * @throws BulkOperationException if any failed for another reason than a taken key
	 */
	static <T> List<T> ifAbsent(MongoTemplate mongo, List<T> entities, Class<T> type) {
		if (entities.isEmpty()) {
			return List.of();
		}
		try {
			mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type).insert(entities).execute();
			return entities;
		}
		catch (BulkOperationException ex) {
			if (!ex.getErrors().stream().allMatch((error) -> error.getCode() == DUPLICATE_KEY)) {
				throw ex;
			}
			Set<Integer> taken = new HashSet<>();
			ex.getErrors().stream().map(BulkWriteError::getIndex).forEach(taken::add);
			List<T> inserted = new ArrayList<>();
			for (int i = 0; i < entities.size(); i++) {
				if (!taken.contains(i)) {
					inserted.add(entities.get(i));
				}
			}
			return inserted;
		}
	}

}
