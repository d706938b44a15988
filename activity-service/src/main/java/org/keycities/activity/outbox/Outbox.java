package org.keycities.activity.outbox;

import java.util.List;

import org.bson.Document;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mapping.PropertyHandler;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Stores a change of an existing aggregate together with the events it raised, in one
 * conditional update: the aggregate's fields are set, its version is incremented only if
 * it is still the one the change was made against, and the new events are pushed onto
 * {@code pendingEvents}. Replacing the whole document instead would put back events that
 * the relay had just published and pulled, and publish them again. The same update sets a
 * fresh {@link PendingMarks pending mark}.
 */
@Component
public class Outbox {

	static final String PENDING_EVENTS = "pendingEvents";

	/** See {@link PendingMarks}. */
	static final String PENDING_MARK = "pendingMark";

	private final MongoTemplate mongo;

	Outbox(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * @return the aggregate as stored after the change
	 * @throws OptimisticLockingFailureException if someone changed it since
	 * {@code expectedVersion}
	 */
	@SuppressWarnings("unchecked")
	public <T> T saveChange(T aggregate, Object id, long expectedVersion, List<PendingEvent> raised) {
		MongoConverter converter = this.mongo.getConverter();
		Document written = new Document();
		converter.write(aggregate, written);
		MongoPersistentEntity<?> entity = converter.getMappingContext()
			.getRequiredPersistentEntity(aggregate.getClass());
		String versionField = entity.getRequiredVersionProperty().getFieldName();
		Update update = new Update();
		entity.doWithProperties((PropertyHandler<MongoPersistentProperty>) (property) -> {
			String field = property.getFieldName();
			if (property.isIdProperty() || property.isVersionProperty() || field.equals(PENDING_EVENTS)) {
				return;
			}
			if (written.containsKey(field)) {
				update.set(field, written.get(field));
			}
			else {
				update.unset(field);
			}
		});
		update.inc(versionField, 1);
		update.push(PENDING_EVENTS).each(raised.stream().map(converter::convertToMongoType).toArray());
		if (!raised.isEmpty()) {
			// a fresh mark: a relay about to remove the old one now leaves this one alone
			update.set(PENDING_MARK, PendingMarks.of(raised));
		}
		T saved = (T) this.mongo.findAndModify(
				Query.query(Criteria.where("_id").is(id).and(versionField).is(expectedVersion)), update,
				FindAndModifyOptions.options().returnNew(true), aggregate.getClass());
		if (saved == null) {
			throw new OptimisticLockingFailureException(
					"Version " + expectedVersion + " of " + id + " was changed by someone else");
		}
		return saved;
	}

}
