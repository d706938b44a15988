package org.keycities.report.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventTypes;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.report.report.AnnualReports;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A malformed record of a known type is dead-lettered, and the records behind it are
 * still applied; a record of an unknown type is skipped and counted, never dead-lettered.
 */
@BrokerIntegrationTest
class PoisonEventTests {

	static final String GROUP = "poison-city";

	static final String UNKNOWN_TYPE = "org.keycities.activity.milestone.celebrated.v9";

	@Autowired
	AnnualReports reports;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void malformedEventsGoToTheDeadLetterTopicAfterBoundedRetriesAndConsumptionGoesOn() {
		double malformedBefore = count("events.malformed", EventTypes.MILESTONE_RECORDED);
		double deadBefore = count("events.dead.lettered", EventTypes.MILESTONE_RECORDED);
		double skippedBefore = count("events.skipped", UNKNOWN_TYPE);
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			String notJson = topic.publishRaw(EventTypes.MILESTONE_RECORDED, GROUP,
					"{\"milestone\": ".getBytes(StandardCharsets.UTF_8));
			String breaksSchema = topic.publishRaw(EventTypes.MILESTONE_RECORDED, GROUP,
					"{\"milestone\": {\"id\": \"m-1\", \"groupId\": \"Poison City!\"}}"
						.getBytes(StandardCharsets.UTF_8));
			String unknown = topic.publishRaw(UNKNOWN_TYPE, GROUP,
					"{\"anything\": true}".getBytes(StandardCharsets.UTF_8));
			ReportTestData.seed(GROUP).forEach(topic::publish);

			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.reports.report(GROUP, "2017")
					.map((report) -> report.sections().size() == 4)
					.orElse(false));
			List<ConsumerRecord<String, byte[]>> dead = deadLetters(topic, Set.of(notJson, breaksSchema));
			assertThat(dead).extracting((record) -> ActivityTopic.header(record, CloudEventHeaders.ID))
				.containsExactlyInAnyOrder(notJson, breaksSchema)
				.doesNotContain(unknown);
			assertThat(dead).allSatisfy((record) -> {
				assertThat(ActivityTopic.header(record, "x-original-topic")).isEqualTo(EventTypes.TOPIC);
				assertThat(ActivityTopic.header(record, "x-exception-message")).contains("milestone.recorded");
			});
		}
		// read once each and dead-lettered at once: reading one again cannot change it
		assertThat(count("events.malformed", EventTypes.MILESTONE_RECORDED) - malformedBefore).isEqualTo(2);
		assertThat(count("events.dead.lettered", EventTypes.MILESTONE_RECORDED) - deadBefore).isEqualTo(2);
		assertThat(count("events.skipped", UNKNOWN_TYPE) - skippedBefore).isEqualTo(1);
	}

	private List<ConsumerRecord<String, byte[]>> deadLetters(ActivityTopic topic, Set<String> ids) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> topic.read(ActivityEventsBinding.DLQ, 1, Duration.ofSeconds(2))
				.stream()
				.filter((record) -> ids.contains(ActivityTopic.header(record, CloudEventHeaders.ID))
						|| GROUP.equals(record.key()))
				.toList(), (records) -> records.size() >= ids.size());
	}

	private double count(String name, String type) {
		var counter = this.meters.find(name).tag("type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
