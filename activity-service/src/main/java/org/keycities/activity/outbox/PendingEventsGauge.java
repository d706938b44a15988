package org.keycities.activity.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code events.pending}: events stored but not yet published. Only documents
 * that hold pending events take part in the count, so it stays cheap while the relay
 * keeps up.
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
			Aggregation count = Aggregation.newAggregation(
					Aggregation.match(Criteria.where("pendingEvents.eventId").exists(true)),
					Aggregation.unwind("pendingEvents"), Aggregation.group().count().as("n"));
			Document result = this.mongo.aggregate(count, collection, Document.class).getUniqueMappedResult();
			total += result == null ? 0 : ((Number) result.get("n")).longValue();
		}
		return total;
	}

}
