package org.keycities.activity;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.KeyCitiesSeed;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.recordMilestone;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The main flow against real MongoDB and real Apache Kafka in containers; runs wherever
 * Docker is, and is skipped where it is not.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = { "tracker.outbox.sweep-interval=500ms", "tracker.outbox.grace-period=2s" })
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
	void keyCitiesMilestonesArePublishedToRealKafka() throws Exception {
		this.mvc.perform(createGroup(KeyCitiesSeed.groupRequest())).andExpect(status().isCreated());
		List<String> requests = KeyCitiesSeed.milestoneRequests();
		for (String request : requests) {
			this.mvc.perform(recordMilestone(KeyCitiesSeed.GROUP_ID, request)).andExpect(status().isCreated());
		}
		try (ActivityTopic topic = new ActivityTopic(kafka.getBootstrapServers())) {
			await().atMost(Duration.ofSeconds(60)).until(() -> recorded(topic).size() >= requests.size());
			List<ConsumerRecord<String, byte[]>> recorded = recorded(topic);
			assertThat(recorded).hasSize(requests.size());
			EventCodec codec = new EventCodec();
			for (ConsumerRecord<String, byte[]> record : recorded) {
				assertThat(record.key()).isEqualTo(KeyCitiesSeed.GROUP_ID);
				assertThat(ActivityTopic.header(record, CloudEventHeaders.SOURCE)).isEqualTo(EventTypes.SOURCE);
				MilestoneRecorded event = (MilestoneRecorded) codec.read(EventTypes.MILESTONE_RECORDED, record.value());
				assertThat(event.milestone().groupId()).isEqualTo(KeyCitiesSeed.GROUP_ID);
			}
		}
	}

	private static List<ConsumerRecord<String, byte[]>> recorded(ActivityTopic topic) {
		return topic.read(EventTypes.TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(2))
			.stream()
			.filter((r) -> EventTypes.MILESTONE_RECORDED.equals(ActivityTopic.header(r, CloudEventHeaders.TYPE)))
			.toList();
	}

}
