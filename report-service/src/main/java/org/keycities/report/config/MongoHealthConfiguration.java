package org.keycities.report.config;

import org.bson.Document;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class MongoHealthConfiguration {

	/**
	 * Replaces Boot's indicator, whose {@code hello} command the in-memory MongoDB server
	 * of the tests and the local stack does not know; {@code ping} works on both.
	 */
	@Bean
	HealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
		return () -> {
			try {
				Document reply = mongo.executeCommand(new Document("ping", 1));
				return Health.up()
					.withDetail("database", mongo.getDb().getName())
					.withDetail("ok", reply.get("ok"))
					.build();
			}
			catch (RuntimeException ex) {
				return Health.down(ex).build();
			}
		};
	}

}
