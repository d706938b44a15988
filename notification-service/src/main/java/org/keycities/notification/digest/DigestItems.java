package org.keycities.notification.digest;

import java.time.Clock;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Milestones waiting for the weekly digest of each WEEKLY_DIGEST recipient. */
@Component
public class DigestItems {

	private final MongoTemplate mongo;

	private final Clock clock;

	DigestItems(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/** Adds the milestone to the recipient's next digest, once however often asked. */
	public boolean add(String groupId, String recipientId, String milestoneId, String eventId, Instant recordedAt) {
		try {
			this.mongo.insert(new DigestItem(milestoneId + ":" + recipientId, groupId, recipientId, milestoneId,
					eventId, recordedAt == null ? this.clock.instant() : recordedAt, null, DigestItem.Status.WAITING));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Leaves a withdrawn milestone out of digests not yet made. */
	public long cancelWaiting(String milestoneId) {
		return this.mongo
			.updateMulti(
					Query.query(
							Criteria.where("milestoneId").is(milestoneId).and("status").is(DigestItem.Status.WAITING)),
					Update.update("status", DigestItem.Status.CANCELLED), DigestItem.class)
			.getModifiedCount();
	}

}
