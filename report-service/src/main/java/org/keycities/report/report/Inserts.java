package org.keycities.report.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

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
		Set<Integer> taken = insertFree(mongo, entities, type);
		return pick(entities, (i) -> !taken.contains(i));
	}

	/**
	 * Inserts the entities whose {@code _id} is free and leaves the others as they are.
	 * @return the others, whose {@code _id} was taken
	 * @throws BulkOperationException if any failed for another reason than a taken key
	 */
	static <T> List<T> held(MongoTemplate mongo, List<T> entities, Class<T> type) {
		return pick(entities, insertFree(mongo, entities, type)::contains);
	}

	/**
	 * @return the positions of the entities whose {@code _id} was taken
	 */
	static <T> Set<Integer> insertFree(MongoTemplate mongo, List<T> entities, Class<T> type) {
		if (entities.isEmpty()) {
			return Set.of();
		}
		try {
			mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type).insert(entities).execute();
			return Set.of();
		}
		catch (BulkOperationException ex) {
			if (!ex.getErrors().stream().allMatch((error) -> error.getCode() == DUPLICATE_KEY)) {
				throw ex;
			}
			Set<Integer> taken = new HashSet<>();
			ex.getErrors().stream().map(BulkWriteError::getIndex).forEach(taken::add);
			return taken;
		}
	}

	private static <T> List<T> pick(List<T> entities, IntPredicate position) {
		List<T> picked = new ArrayList<>();
		for (int i = 0; i < entities.size(); i++) {
			if (position.test(i)) {
				picked.add(entities.get(i));
			}
		}
		return picked;
	}

}
