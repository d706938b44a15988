package org.keycities.report.report;

import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Stores the latest state of each group and milestone. Each write is one conditional
 * upsert on a single document, so it is atomic without transactions: it replaces the
 * document only when the incoming version is newer than the stored one.
 */
@Component
public class ReportModel {

	private final MongoTemplate mongo;

	ReportModel(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Returns {@code true} if stored, {@code false} if an equal or newer version is held.
	 */
	public boolean store(GroupProfile group) {
		return storeIfNewer(group.id(), group.version(), group, GroupProfile.class);
	}

	/**
	 * Returns {@code true} if stored, {@code false} if an equal or newer version is held.
	 */
	public boolean store(MilestoneEntry milestone) {
		return storeIfNewer(milestone.id(), milestone.version(), milestone, MilestoneEntry.class);
	}

	/** Forgets everything, keeping the collections and their indexes. */
	public void clear() {
		this.mongo.remove(new Query(), GroupProfile.class);
		this.mongo.remove(new Query(), MilestoneEntry.class);
		this.mongo.remove(new Query(), ProcessedEvent.class);
	}

	private boolean storeIfNewer(String id, long version, Object entity, Class<?> type) {
		Document document = new Document();
		this.mongo.getConverter().write(entity, document);
		Update update = new Update();
		document.forEach((field, value) -> {
			if (!"_id".equals(field) && !"_class".equals(field)) {
				update.set(field, value);
			}
		});
		// matches only an older version; when a newer or equal one is held, the upsert
		// tries to insert a second document with the same _id and the unique _id refuses
		Query olderVersion = Query.query(Criteria.where("_id").is(id).and("version").lt(version));
		try {
			this.mongo.upsert(olderVersion, update, type);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

}
