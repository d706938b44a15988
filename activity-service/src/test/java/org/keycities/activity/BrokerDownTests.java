package org.keycities.activity;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventTypes;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.InMemoryMongo;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.group;
import static org.keycities.activity.Requests.milestone;
import static org.keycities.activity.Requests.recordMilestone;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Kafka is down while officers record milestones: every one is accepted, and when a
 * broker is back on the same address every event arrives. This test owns its broker, so
 * that it can stop it.
 */
@SpringBootTest(properties = { "tracker.outbox.sweep-interval=300ms", "tracker.outbox.grace-period=1s",
		"tracker.outbox.pause-after-failure=2s" })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = InMemoryMongo.class)
class BrokerDownTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String GROUP = "broker-down";

	private static final KafkaAddress ADDRESS = kafkaAddress();

	private static final String BROKERS = "localhost:" + ADDRESS.port();

	private static EmbeddedKafkaKraftBroker broker = startBroker();

	@Autowired
	MockMvc mvc;

	@Autowired
	MongoTemplate mongo;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.stream.kafka.binder.brokers", () -> BROKERS);
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
		ADDRESS.close();
	}

	private static KafkaAddress kafkaAddress() {
		try {
			return new KafkaAddress(0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void milestonesRecordedWhileKafkaIsDownAreAllPublishedWhenItIsBack() throws Exception {
		this.mvc.perform(createGroup(group(GROUP))).andExpect(status().isCreated());
		try (ActivityTopic topic = new ActivityTopic(BROKERS)) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> !recorded(topic, Duration.ofSeconds(1)).isEmpty() || !groupChanged(topic).isEmpty());
		}

		broker.destroy();
		ADDRESS.dropConnections();
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 20; i++) {
			String body = this.mvc.perform(recordMilestone(GROUP, milestone("Recorded while Kafka is down " + i)))
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString();
			ids.add(JSON.readTree(body).get("id").asString());
		}
		assertThat(this.mongo.count(Query.query(Criteria.where("groupId").is(GROUP)), "milestones")).isEqualTo(20);
		assertThat(this.mongo.count(
				Query.query(Criteria.where("groupId").is(GROUP).and("pendingEvents.eventId").exists(true)),
				"milestones"))
			.as("events still waiting for Kafka")
			.isEqualTo(20);

		broker = startBroker();
		try (ActivityTopic topic = new ActivityTopic(BROKERS)) {
			await().atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> subjects(recorded(topic, Duration.ofSeconds(2))).containsAll(ids));
			assertThat(subjects(recorded(topic, Duration.ofSeconds(2)))).containsExactlyInAnyOrderElementsOf(ids);
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.mongo.count(
					Query.query(Criteria.where("groupId").is(GROUP).and("pendingEvents.eventId").exists(true)),
					"milestones") == 0);
	}

	private static List<ConsumerRecord<String, byte[]>> recorded(ActivityTopic topic, Duration wait) {
		return topic.read(EventTypes.TOPIC, Integer.MAX_VALUE, wait)
			.stream()
			.filter((r) -> GROUP.equals(r.key()))
			.filter((r) -> EventTypes.MILESTONE_RECORDED.equals(ActivityTopic.header(r, CloudEventHeaders.TYPE)))
			.toList();
	}

	private static List<ConsumerRecord<String, byte[]>> groupChanged(ActivityTopic topic) {
		return topic.read(EventTypes.TOPIC, 1, Duration.ofSeconds(1))
			.stream()
			.filter((r) -> GROUP.equals(r.key()))
			.toList();
	}

	private static Set<String> subjects(List<ConsumerRecord<String, byte[]>> records) {
		return records.stream()
			.map((r) -> ActivityTopic.header(r, CloudEventHeaders.SUBJECT))
			.collect(Collectors.toSet());
	}

	/**
	 * A new broker, empty, advertising {@link #ADDRESS} so that clients reach it through
	 * that one address.
	 */
	private static EmbeddedKafkaKraftBroker startBroker() {
		EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
		started.brokerProperty("advertised.listeners", "EXTERNAL://localhost:" + ADDRESS.port());
		ADDRESS.forwardTo(started::getBrokersAsString);
		started.afterPropertiesSet();
		// the service's producer, retrying, may have had the broker create the topic
		// first
		started.addTopicsWithResults(EventTypes.TOPIC);
		return started;
	}

}
