package org.keycities.activity.outbox;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code events.pending}: events stored but not yet published. Only documents
 * with a pending mark are read, so it stays cheap while the relay keeps up.
 */
@Component
class PendingEventsGauge {

	private final MongoTemplate mongo;

	private final OutboxSettings settings;

	PendingEventsGauge(MongoTemplate mongo, OutboxSettings settings, MeterRegistry meters) {
		this.mongo = mongo;
		this.settings = settings;
		Gauge.builder("events.pending", this, PendingEventsGauge::count)
			.description("Events stored in MongoDB and not yet published to Kafka")
			.register(meters);
	}

	double count() {
		long total = 0;
		for (String collection : this.settings.collections()) {
			// documents from before marks count once the first sweep has marked them
			Query marked = PendingMarks.marked();
			marked.fields().include(Outbox.PENDING_EVENTS + ".eventId");
			for (Document document : this.mongo.find(marked, Document.class, collection)) {
				total += document.getList(Outbox.PENDING_EVENTS, Object.class, List.of()).size();
			}
		}
		return total;
	}

}
