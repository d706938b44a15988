package org.keycities.activity.outbox;

import java.util.List;
import java.util.UUID;

import org.bson.Document;

import org.springframework.data.mongodb.core.mapping.event.BeforeSaveCallback;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Gives a document that is inserted with pending events its pending mark, in the same
 * write. The mark is a field in a sparse unique index that exists only while the document
 * may hold pending events, so the {@link OutboxSweep} finds such documents by that index
 * alone: the local stack's MongoDB server uses no other kind of index and would otherwise
 * read every milestone on every sweep. Each write that adds events sets a fresh mark, so
 * whoever removes a mark can tell whether events were added since it looked
 * ({@link EventRelay#unmark}). The mark a write sets is the id of the last event it adds
 * ({@link #of}): fresh, as every event id is, and known to the relay that publishes those
 * events without reading the document.
 */
@Component
class PendingMarks implements BeforeSaveCallback<Object> {

	@Override
	public Object onBeforeSave(Object entity, Document document, String collection) {
		if (document.get(Outbox.PENDING_EVENTS) instanceof List<?> events && !events.isEmpty()) {
			String lastId = (events.get(events.size() - 1) instanceof Document last) ? last.getString("eventId") : null;
			document.put(Outbox.PENDING_MARK, (lastId != null) ? lastId : fresh());
		}
		return entity;
	}

	/**
	 * The documents that have a pending mark. Any value matches: a query on the sparse
	 * unique index of the mark alone, which the local stack's server answers by reading
	 * only that index's entries.
	 */
	static Query marked() {
		return Query.query(Criteria.where(Outbox.PENDING_MARK).regex("^"));
	}

	/** The mark a write that adds these events sets: the id of the last one. */
	static String of(List<PendingEvent> added) {
		return added.get(added.size() - 1).eventId();
	}

	/** A mark no write sets, for documents that hold events without a mark. */
	static String fresh() {
		return UUID.randomUUID().toString();
	}

}
