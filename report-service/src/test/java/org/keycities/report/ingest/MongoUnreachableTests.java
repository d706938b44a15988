package org.keycities.report.ingest;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.report.report.AnnualReports;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.InMemoryMongo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB unreachable while events arrive, against the real broker and server: the
 * consumer holds the events until MongoDB is back and then applies them all; the binder's
 * three quick attempts would have dead-lettered them within the outage.
 * ({@link MongoOutageTests} holds the patience's limits.)
 */
@BrokerIntegrationTest
class MongoUnreachableTests {

	static final String GROUP = "unreachable-city";

	@Autowired
	AnnualReports reports;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void eventsArrivingDuringAShortOutageAreInTheReportOnceMongoDbIsBack() throws Exception {
		double deadBefore = deadLettered();
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			List<String> ids;
			try (InMemoryMongo.Outage outage = InMemoryMongo.outage("report")) {
				ids = ReportTestData.seed(GROUP).stream().map(topic::publish).toList();
				Thread.sleep(5000);
			}

			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.reports.report(GROUP, "2017")
					.map((report) -> report.sections().size() == 4)
					.orElse(false));
			assertThat(deadLettered()).isEqualTo(deadBefore);
			assertThat(topic.read(ActivityEventsBinding.DLQ, Integer.MAX_VALUE, Duration.ofSeconds(2)))
				.noneMatch((record) -> ids.contains(ActivityTopic.header(record, CloudEventHeaders.ID)));
		}
	}

	private double deadLettered() {
		return Search.in(this.meters)
			.name("events.dead.lettered")
			.counters()
			.stream()
			.mapToDouble((c) -> c.count())
			.sum();
	}

}
