package org.keycities.notification.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventEnvelope;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.intake.Incoming;
import org.keycities.notification.DeadLettered;
import org.keycities.notification.Mail;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestMailServer;
import org.keycities.notification.TestRecipients;
import org.keycities.notification.delivery.Delivery;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One batch as a poll hands it over, given to the ingest directly so that the records are
 * certainly together: recorded milestones of two groups are taken in together, a
 * malformed record among them goes to the dead-letter topic alone, a record seen before
 * changes nothing, and each email keeps the trace of its own event.
 */
@NotificationServiceTest
class BatchIngestTests {

	@Autowired
	EventIngest ingest;

	@Autowired
	MockMvc mvc;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	final EventCodec codec = new EventCodec();

	final List<Incoming> batch = new ArrayList<>();

	@Test
	void aBatchComesOutAsItsRecordsTakenInOneByOneWould() throws Exception {
		String first = "batch-" + UUID.randomUUID();
		String second = "batch-" + UUID.randomUUID();
		String firstReader = "first-" + UUID.randomUUID() + "@council.gov.uk";
		String secondReader = "second-" + UUID.randomUUID() + "@council.gov.uk";
		TestRecipients.add(this.mvc, first, firstReader, "");
		TestRecipients.add(this.mvc, second, secondReader, "");
		double duplicatesBefore = this.meters.counter("events.duplicates").count();
		double deadBefore = DeadLettered.count(this.meters);
		String traceId = UUID.randomUUID().toString().replace("-", "");

		String one = add(new MilestoneRecorded(Milestones.withTitle(Milestones.milestone(first), "One")),
				"00-" + traceId + "-" + traceId.substring(16) + "-01");
		add(new MilestoneRecorded(Milestones.withTitle(Milestones.milestone(first), "Two")), null);
		String malformed = addRaw(EventTypes.MILESTONE_RECORDED, first,
				"{\"milestone\": \"not a milestone\"".getBytes(StandardCharsets.UTF_8));
		// the first record again, as a redelivery brings it
		this.batch.add(this.batch.get(0));
		add(Milestones.group(second, "Second Group"), null);
		add(new MilestoneRecorded(Milestones.withTitle(Milestones.milestone(second), "Three")), null);

		this.ingest.acceptAll(this.batch);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TestMailServer.receivedBy(firstReader)).extracting(Mail::subject)
				.containsExactlyInAnyOrder("[" + first + "] One", "[" + first + "] Two"));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TestMailServer.receivedBy(secondReader)).extracting(Mail::subject)
				.containsExactly("[Second Group] Three"));
		assertThat(this.meters.counter("events.duplicates").count()).isEqualTo(duplicatesBefore + 1);
		assertThat(DeadLettered.count(this.meters)).isEqualTo(deadBefore + 1);
		assertThat(this.mongo.find(Query.query(Criteria.where("eventId").is(one)), Delivery.class)).singleElement()
			.satisfies((delivery) -> assertThat(delivery.getTraceparent()).startsWith("00-" + traceId + "-"));
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			List<ConsumerRecord<String, byte[]>> dead = topic
				.read(PoisonAndUnknownEventTests.DLQ, Integer.MAX_VALUE, Duration.ofSeconds(5))
				.stream()
				.filter((record) -> malformed.equals(ActivityTopic.header(record, CloudEventHeaders.ID)))
				.toList();
			assertThat(dead).singleElement().satisfies((record) -> {
				assertThat(record.key()).isEqualTo(first);
				assertThat(ActivityTopic.header(record, "x-original-topic")).isEqualTo(EventTypes.TOPIC);
				assertThat(ActivityTopic.header(record, "x-exception-message")).contains("not JSON");
			});
		}
	}

	private String add(ActivityEvent event, String traceparent) {
		Map<String, Object> headers = new LinkedHashMap<>(headers(event.eventType(), event.groupOf()));
		if (traceparent != null) {
			headers.put("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
		}
		return add(headers, event.groupOf(), this.codec.write(event));
	}

	private String addRaw(String type, String key, byte[] body) {
		return add(headers(type, key), key, body);
	}

	private static Map<String, Object> headers(String type, String key) {
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type, "subject", Instant.now(), key);
		Map<String, Object> headers = new LinkedHashMap<>();
		envelope.headers().forEach((name, value) -> headers.put(name, value.getBytes(StandardCharsets.UTF_8)));
		return headers;
	}

	private String add(Map<String, Object> headers, String key, byte[] body) {
		this.batch.add(new Incoming(body, headers, key.getBytes(StandardCharsets.UTF_8), EventTypes.TOPIC, 0,
				this.batch.size()));
		return new String((byte[]) headers.get(CloudEventHeaders.ID), StandardCharsets.UTF_8);
	}

}
