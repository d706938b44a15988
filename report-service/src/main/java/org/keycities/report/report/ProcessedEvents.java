package org.keycities.report.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The {@code ce_id}s already taken into account, so none is applied twice. */
@Component
public class ProcessedEvents {

	private final MongoTemplate mongo;

	ProcessedEvents(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	public boolean contains(String ceId) {
		// a find by _id alone: the local stack's MongoDB server reads the whole
		// collection
		// for the count that exists() asks for
		Query byId = Query.query(Criteria.where("_id").is(ceId));
		byId.fields().include("_id");
		return this.mongo.findOne(byId, Document.class, "processed_events") != null;
	}

	/**
	 * Remembers many events at once; those already remembered (for instance by another
	 * instance) are left as they are.
	 */
	public void rememberAll(List<ProcessedEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		try {
			this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, ProcessedEvent.class).insert(events).execute();
		}
		catch (BulkOperationException ex) {
			if (!ex.getErrors().stream().allMatch((error) -> error.getCode() == 11000)) {
				throw ex;
			}
		}
	}

	/**
	 * Remembers an event after its change is stored. A redelivery that slipped in between
	 * finds the same version already held, so remembering twice is harmless.
	 */
	public void remember(ProcessedEvent event) {
		try {
			this.mongo.insert(event);
		}
		catch (DuplicateKeyException ex) {
			// already remembered by an earlier delivery of the same event
		}
	}

	long countFor(String groupId) {
		return this.mongo.count(byGroup(groupId), ProcessedEvent.class);
	}

	Optional<Instant> latestFor(String groupId) {
		Query query = byGroup(groupId).with(Sort.by(Sort.Direction.DESC, "occurredAt")).limit(1);
		return Optional.ofNullable(this.mongo.findOne(query, ProcessedEvent.class)).map(ProcessedEvent::occurredAt);
	}

	private static Query byGroup(String groupId) {
		return Query.query(Criteria.where("groupId").is(groupId));
	}

}
