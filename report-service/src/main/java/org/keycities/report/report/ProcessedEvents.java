package org.keycities.report.report;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;
import org.keycities.intake.Inserts;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The {@code ce_id}s already taken into account, so none is applied twice, and each
 * group's {@link GroupProgress} for the report's "as of".
 * <p>
 * A group's progress counts an event when its {@code ce_id} is first remembered, and only
 * then, so it matches what counting the group's processed events would give. The two
 * writes are not atomic together (no transactions on the local stack): a crash between
 * them leaves the count one short until the next rebuild.
 */
@Component
public class ProcessedEvents {

	private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

	private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

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
	 * instance) are left as they are and not counted again.
	 */
	public void rememberAll(List<ProcessedEvent> events) {
		count(Inserts.ifAbsent(this.mongo, events, ProcessedEvent.class));
	}

	/**
	 * Remembers an event after its change is stored. A redelivery that slipped in between
	 * finds the same version already held, so remembering twice is harmless. Written with
	 * the driver, as the documents {@link ProcessedEvent} and {@link GroupProgress} map
	 * to: two writes for every event, and Spring Data's mapping of them cost more than
	 * the writes themselves.
	 */
	public void remember(ProcessedEvent event) {
		Document remembered = new Document("_id", event.ceId()).append("groupId", event.groupId())
			.append("type", event.type());
		if (event.occurredAt() != null) {
			remembered.append("occurredAt", Date.from(event.occurredAt()));
		}
		try {
			this.mongo.execute(ProcessedEvent.class, (events) -> events.insertOne(remembered));
		}
		catch (DuplicateKeyException ex) {
			// already remembered, and counted, by an earlier delivery of the same event
			return;
		}
		count(List.of(event));
	}

	/** The group's progress; none until one of its events is remembered. */
	Optional<GroupProgress> progressOf(String groupId) {
		return Optional.ofNullable(this.mongo.findById(groupId, GroupProgress.class));
	}

	/**
	 * Adds newly remembered events to their groups' progress, one upsert per group, in
	 * one write with the driver (a single event's too: see {@link #remember}).
	 */
	private void count(List<ProcessedEvent> remembered) {
		Map<String, GroupProgress> byGroup = new LinkedHashMap<>();
		for (ProcessedEvent event : remembered) {
			byGroup.merge(event.groupId(), new GroupProgress(event.groupId(), 1, event.occurredAt()),
					GroupProgress::plus);
		}
		if (byGroup.isEmpty()) {
			return;
		}
		List<UpdateOneModel<Document>> upserts = new ArrayList<>();
		for (GroupProgress progress : byGroup.values()) {
			Document update = new Document("$inc", new Document("eventsApplied", progress.eventsApplied()));
			if (progress.lastEventAt() != null) {
				update.append("$max", new Document("lastEventAt", Date.from(progress.lastEventAt())));
			}
			upserts.add(new UpdateOneModel<>(new Document("_id", progress.groupId()), update, UPSERT));
		}
		this.mongo.execute(GroupProgress.class, (progress) -> progress.bulkWrite(upserts, UNORDERED));
	}

}
