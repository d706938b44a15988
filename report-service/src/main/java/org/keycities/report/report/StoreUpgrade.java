package org.keycities.report.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.keycities.intake.Inserts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Brings a store written by an earlier version up to date, once, when the service starts:
 * milestones stored under their bare id move to their {@code <groupId>/<id>} key, and
 * every group gets its {@link GroupProgress}, counted from the processed events.
 * <p>
 * It runs while the application context is being created, so before the consumer and the
 * web server start: nothing writes or reads the model meanwhile. Each step is safe to
 * repeat if it was interrupted: a milestone is inserted under its new key before its old
 * document is deleted, an insert that finds its key taken is a copy made by the
 * interrupted run, and a group's progress is only written when it has none. A document in
 * {@code store_upgrades} records each finished step, so later starts skip the scans. The
 * earlier version must not run beside this one: what it wrote afterwards would not be
 * moved.
 */
@Component
public class StoreUpgrade implements InitializingBean {

	static final String MILESTONE_KEYS = "milestones-keyed-by-group";

	static final String GROUP_PROGRESS = "group-progress-counted";

	private static final String UPGRADES = "store_upgrades";

	private static final String MILESTONES = "milestones";

	private static final int BATCH = 500;

	private static final Logger log = LoggerFactory.getLogger(StoreUpgrade.class);

	private final MongoTemplate mongo;

	StoreUpgrade(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public void afterPropertiesSet() {
		upgrade();
	}

	/** Runs the steps not yet done and says what they changed. */
	public Upgraded upgrade() {
		long milestones = done(MILESTONE_KEYS) ? 0 : rekeyMilestones();
		long groups = done(GROUP_PROGRESS) ? 0 : countProgress();
		if (milestones > 0 || groups > 0) {
			log.info("Store upgraded: {} milestone(s) moved to their group's key, progress counted for {} group(s)",
					milestones, groups);
		}
		return new Upgraded(milestones, groups);
	}

	/** The earlier version's milestone documents have no {@code id}: it was their _id. */
	private long rekeyMilestones() {
		long moved = 0;
		// the driver's own filter: a mapped query could read "id" as _id
		try (MongoCursor<Document> old = this.mongo.getCollection(MILESTONES)
			.find(Filters.exists("id", false))
			.batchSize(BATCH)
			.cursor()) {
			List<Document> batch = new ArrayList<>();
			while (old.hasNext()) {
				batch.add(old.next());
				if (batch.size() == BATCH) {
					moved += rekey(batch);
					batch.clear();
				}
			}
			moved += rekey(batch);
		}
		markDone(MILESTONE_KEYS);
		return moved;
	}

	private long rekey(List<Document> oldDocuments) {
		if (oldDocuments.isEmpty()) {
			return 0;
		}
		List<MilestoneEntry> entries = new ArrayList<>();
		List<Object> oldIds = new ArrayList<>();
		for (Document old : oldDocuments) {
			Document withId = new Document(old);
			withId.put("id", old.get("_id"));
			entries.add(this.mongo.getConverter().read(MilestoneEntry.class, withId));
			oldIds.add(old.get("_id"));
		}
		Inserts.ifAbsent(this.mongo, entries, MilestoneEntry.class);
		this.mongo.remove(Query.query(Criteria.where("_id").in(oldIds)), MILESTONES);
		return entries.size();
	}

	/** One pass over the processed events, for the groups that have no progress yet. */
	private long countProgress() {
		Aggregation perGroup = Aggregation.newAggregation(
				Aggregation.group("groupId").count().as("eventsApplied").max("occurredAt").as("lastEventAt"));
		List<GroupProgress> counted = this.mongo.aggregate(perGroup, "processed_events", GroupProgress.class)
			.getMappedResults();
		long written = 0;
		for (int from = 0; from < counted.size(); from += BATCH) {
			written += Inserts
				.ifAbsent(this.mongo, counted.subList(from, Math.min(counted.size(), from + BATCH)),
						GroupProgress.class)
				.size();
		}
		markDone(GROUP_PROGRESS);
		return written;
	}

	private boolean done(String step) {
		return this.mongo.findById(step, Document.class, UPGRADES) != null;
	}

	private void markDone(String step) {
		this.mongo.save(new Document("_id", step).append("at", Instant.now()), UPGRADES);
	}

	/**
	 * @param milestones moved to their new key
	 * @param groups whose progress was counted
	 */
	public record Upgraded(long milestones, long groups) {

	}

}
