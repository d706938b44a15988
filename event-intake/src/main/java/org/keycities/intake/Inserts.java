package org.keycities.intake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Inserting many documents whose keys may be taken already, in one round trip: how a
 * consumer takes a batch of events in idempotently (a key taken means that part of the
 * batch was taken in before). One unordered insert of the driver's documents: Spring
 * Data's bulk operations cost more than the insert itself for small documents.
 */
public final class Inserts {

	private Inserts() {
	}

	/**
	 * Inserts the entities whose {@code _id} is free and leaves the others as they are.
	 * @return those inserted
	 */
	public static <T> List<T> ifAbsent(MongoTemplate mongo, List<T> entities, Class<T> type) {
		Set<Integer> taken = insertFree(mongo, type, entities);
		return pick(entities, (i) -> !taken.contains(i));
	}

	/**
	 * Inserts the entities whose {@code _id} is free and leaves the others as they are.
	 * @return the others, whose {@code _id} was taken
	 */
	public static <T> List<T> held(MongoTemplate mongo, List<T> entities, Class<T> type) {
		return pick(entities, insertFree(mongo, type, entities)::contains);
	}

	/**
	 * Inserts the documents whose {@code _id} is free into the collection of the entity
	 * type, and leaves the others as they are.
	 * @param documents entities of that type (mapped as {@link MongoTemplate#insert} maps
	 * them, lifecycle events aside), or driver documents ready to be written
	 * @return the positions of the documents whose {@code _id} was taken
	 * @throws org.springframework.dao.DataAccessException (translated) if any failed for
	 * another reason than a taken key
	 */
	public static Set<Integer> insertFree(MongoTemplate mongo, Class<?> entity, List<?> documents) {
		if (documents.isEmpty()) {
			return Set.of();
		}
		List<Document> mapped = new ArrayList<>(documents.size());
		for (Object document : documents) {
			if (document instanceof Document ready) {
				mapped.add(ready);
			}
			else {
				Document written = new Document();
				mongo.getConverter().write(document, written);
				mapped.add(written);
			}
		}
		return mongo.execute(entity, (collection) -> {
			try {
				collection.insertMany(mapped, new InsertManyOptions().ordered(false));
				return Set.<Integer>of();
			}
			catch (MongoBulkWriteException ex) {
				Set<Integer> taken = new HashSet<>();
				for (BulkWriteError error : ex.getWriteErrors()) {
					if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
						throw ex;
					}
					taken.add(error.getIndex());
				}
				return taken;
			}
		});
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
