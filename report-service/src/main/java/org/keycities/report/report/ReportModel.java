package org.keycities.report.report;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.bson.Document;
import org.keycities.intake.Inserts;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Stores the latest state of each group and milestone, replacing a document only when the
 * incoming version is newer than the stored one.
 * <p>
 * The comparison and the write each go by {@code _id} alone: one consumer at a time
 * writes a group's documents, as all events of a group come in order from the one
 * partition its key maps to, and a rebuild stops this instance's consumer first. (A
 * conditional write on {@code _id} and {@code version} together would be atomic as well,
 * but the MongoDB wire-protocol server of the local stack answers any query other than on
 * {@code _id} alone by reading the whole collection, which made each event cost more as
 * the model grew: see docs/benchmarks.md.)
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
		return storeIfNewer(group.id(), group.version(), group);
	}

	/**
	 * Returns {@code true} if stored, {@code false} if an equal or newer version is held.
	 */
	public boolean store(MilestoneEntry milestone) {
		return storeIfNewer(milestone.key(), milestone.version(), milestone);
	}

	/**
	 * Stores a milestone not seen before in one round trip.
	 * @return {@code false}, having changed nothing, if a version of it is held already
	 */
	public boolean storeFirst(MilestoneEntry milestone) {
		try {
			this.mongo.insert(milestone);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Stores milestones not seen before in one round trip, as {@link #storeFirst} does
	 * one.
	 * @return the positions of those of which a version is held already, left unchanged
	 */
	public Set<Integer> storeAllFirst(List<MilestoneEntry> milestones) {
		return Inserts.insertFree(this.mongo, MilestoneEntry.class, milestones);
	}

	/**
	 * Stores each group and milestone as it is, for a rebuild, which has already kept
	 * only the newest version of each: one unordered bulk insert per kind, and those
	 * whose key is held (written by an earlier batch, or by this one before a failure)
	 * replace what is held, in one more bulk write. On the local stack's MongoDB server
	 * an insert costs much less than a replacement, which first looks for the document it
	 * replaces.
	 */
	public void insertAll(Collection<GroupProfile> groups, Collection<MilestoneEntry> milestones) {
		insertAll(groups, GroupProfile.class, GroupProfile::id);
		insertAll(milestones, MilestoneEntry.class, MilestoneEntry::key);
	}

	private <T> void insertAll(Collection<T> entities, Class<T> type, Function<T, String> key) {
		replaceAll(Inserts.held(this.mongo, List.copyOf(entities), type), type, key);
	}

	private <T> void replaceAll(Collection<T> entities, Class<T> type, Function<T, String> key) {
		if (entities.isEmpty()) {
			return;
		}
		BulkOperations bulk = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type);
		for (T entity : entities) {
			bulk.replaceOne(Query.query(Criteria.where("_id").is(key.apply(entity))), entity,
					FindAndReplaceOptions.options().upsert());
		}
		bulk.execute();
	}

	/**
	 * Forgets everything. The collections are dropped rather than emptied one document at
	 * a time (in the benchmark's rebuilds of 120,000 events and more on the local stack,
	 * emptying took 9-10 s, dropping 4-7 s): their only index is the one on {@code _id},
	 * which comes back with each collection at its next write.
	 */
	public void clear() {
		for (Class<?> type : List.of(GroupProfile.class, MilestoneEntry.class, ProcessedEvent.class,
				GroupProgress.class)) {
			this.mongo.dropCollection(type);
		}
	}

	private boolean storeIfNewer(String id, long version, Object entity) {
		Query byId = Query.query(Criteria.where("_id").is(id));
		byId.fields().include("version");
		Document held = this.mongo.findOne(byId, Document.class, this.mongo.getCollectionName(entity.getClass()));
		if (held != null && ((Number) held.get("version")).longValue() >= version) {
			return false;
		}
		this.mongo.save(entity);
		return true;
	}

}
