package org.keycities.notification.config;

import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * MongoDB health by {@code ping}, which every MongoDB server and mongo-java-server
 * answer; Boot's own indicator asks {@code hello}, which mongo-java-server does not know,
 * so it is switched off ({@code management.health.mongo.enabled=false}).
 */
@Component("mongoHealthIndicator")
class MongoHealth extends AbstractHealthIndicator {

	private final MongoTemplate mongo;

	MongoHealth(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Document result = this.mongo.executeCommand(new Document("ping", 1));
		builder.up().withDetail("database", this.mongo.getDb().getName()).withDetail("ping", result.get("ok"));
	}

}
