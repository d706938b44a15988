package org.keycities.report;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.keycities.report.report.AnnualReport;
import org.keycities.report.report.AnnualReports;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.KeyCitiesSeed;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Key Cities flow against a real MongoDB and a real Kafka in containers; skipped
 * where there is no Docker (as on the build machines).
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
class RealInfrastructureTests {

	@Container
	@ServiceConnection
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");

	@Container
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.2");

	@Autowired
	AnnualReports reports;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.stream.kafka.binder.brokers", kafka::getBootstrapServers);
	}

	@Test
	void keyCitiesEventsBecomeTheReportOnRealInfrastructure() {
		try (ActivityTopic topic = new ActivityTopic(kafka.getBootstrapServers())) {
			topic.publish(KeyCitiesSeed.groupChanged());
			KeyCitiesSeed.milestonesRecorded().forEach(topic::publish);
		}
		AnnualReport report = await().atMost(Duration.ofSeconds(60))
			.until(() -> this.reports.report(KeyCitiesSeed.GROUP_ID, "2017").orElse(null),
					(found) -> found != null && found.sections().size() == 4);
		assertThat(report.sections()).extracting(AnnualReport.Section::workstream)
			.containsExactly("Key Cities APPG", "Industrial Strategy", "Inclusive Growth Commission", "Core Cities");
	}

}
