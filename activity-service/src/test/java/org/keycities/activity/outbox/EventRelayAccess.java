package org.keycities.activity.outbox;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Lets persistence tests of other packages drive the relay, step by step if need be, and
 * read the pending-events gauge directly, as the after-write hook and the sweep do.
 */
@Component
@Import({ EventRelay.class, KafkaAcknowledgements.class, EventTrace.class, PendingEventsGauge.class,
		PendingMarks.class })
public class EventRelayAccess {

	private final EventRelay relay;

	private final PendingEventsGauge gauge;

	private final MongoTemplate mongo;

	EventRelayAccess(EventRelay relay, PendingEventsGauge gauge, MongoTemplate mongo) {
		this.relay = relay;
		this.gauge = gauge;
		this.mongo = mongo;
	}

	/** Publishes as the sweep does, removing each event on its own. */
	public boolean publish(String collection, String documentId, List<PendingEvent> events) {
		return this.relay.publish(collection, documentId, events, false);
	}

	/** Publishes as after a write that left these the document's only events. */
	public boolean publishAllPending(String collection, String documentId, List<PendingEvent> events) {
		return this.relay.publish(collection, documentId, events, true);
	}

	/**
	 * The relay's removal of the events with the mark their write set, in one write.
	 * @return whether it matched
	 */
	public boolean removeWithMark(String collection, List<PendingEvent> events) {
		return this.relay.removeWithMark(collection, events);
	}

	/**
	 * The relay's pull of a published event.
	 * @return the pending mark of the document just after
	 */
	public String pull(String collection, String documentId, PendingEvent event) {
		return this.relay.pull(collection, documentId, event).getString(Outbox.PENDING_MARK);
	}

	/** The relay's removal of the mark it read with the pull. */
	public void unmark(String collection, String mark) {
		this.relay.unmark(collection, mark);
	}

	/**
	 * Reads the documents as the sweep does (each one's pending events and mark), lets
	 * {@code meanwhile} run, then publishes their events together as the sweep does.
	 * @return whether every event was published
	 */
	public boolean sweep(String collection, List<String> documentIds, Runnable meanwhile) {
		List<EventRelay.LeftBehind> found = new ArrayList<>();
		for (String id : documentIds) {
			OutboxSweep.PendingDocument document = this.mongo.findById(id, OutboxSweep.PendingDocument.class,
					collection);
			found.add(new EventRelay.LeftBehind(id, document.pendingEvents(), document.pendingMark()));
		}
		meanwhile.run();
		return this.relay.publishLeftBehind(collection, found);
	}

	/** The document's pending mark, or null. */
	public String markOf(String collection, String documentId) {
		return this.mongo.findById(documentId, Document.class, collection).getString(Outbox.PENDING_MARK);
	}

	public double pendingCount() {
		return this.gauge.count();
	}

}
