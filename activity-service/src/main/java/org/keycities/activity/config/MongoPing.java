package org.keycities.activity.config;

import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code mongo} health check, by {@code ping}. Boot's own check sends {@code hello},
 * which the in-memory server of the tests and the local stack does not know, so it would
 * report MongoDB down there; {@code ping} works on both that server and real MongoDB.
 */
@Component("mongoHealthIndicator")
class MongoPing extends AbstractHealthIndicator {

	private final MongoTemplate mongo;

	MongoPing(MongoTemplate mongo) {
		super("MongoDB health check failed");
		this.mongo = mongo;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Document answer = this.mongo.executeCommand(new Document("ping", 1));
		builder.up().withDetail("database", this.mongo.getDb().getName()).withDetail("ping", answer.get("ok"));
	}

}
