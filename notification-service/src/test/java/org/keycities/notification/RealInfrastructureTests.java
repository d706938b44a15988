package org.keycities.notification;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.testsupport.ActivityTopic;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The main flow against a real MongoDB (with its own {@code hello} health check,
 * transactions and TTL the in-memory server lacks) and a real Kafka broker in Docker.
 * Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = { "spring.mail.properties[mail.smtp.ehlo]=false",
		"tracker.notification.sender.poll-interval=100ms", "tracker.notification.digest.cron=-",
		"tracker.notification.token-secret=test-secret-of-enough-length" })
@ContextConfiguration(initializers = TestMailServer.class)
@AutoConfigureMockMvc
class RealInfrastructureTests {

	@Container
	@ServiceConnection
	static MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");

	@Container
	static KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.2");

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.stream.kafka.binder.brokers", kafka::getBootstrapServers);
	}

	@Autowired
	MockMvc mvc;

	@Test
	void recordedMilestoneIsEmailedThroughRealKafkaAndMongoDb() throws Exception {
		String group = "group-" + UUID.randomUUID();
		String reader = "reader-" + UUID.randomUUID() + "@council.gov.uk";
		TestRecipients.add(this.mvc, group, reader, "");
		try (ActivityTopic topic = new ActivityTopic(kafka.getBootstrapServers())) {
			topic.publish(Milestones.group(group, "Key Cities Group"));
			topic.publish(new MilestoneRecorded(Milestones.milestone(group)));
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(TestMailServer.receivedBy(reader)).extracting(Mail::subject)
				.containsExactly("[Key Cities Group] APPG for Key Cities launched"));
	}

}
