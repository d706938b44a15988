package org.keycities.report.ingest;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.report.report.AnnualReport;
import org.keycities.report.report.AnnualReports;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through the real binder, {@code ce_id} and {@code ce_type} arrive under their names
 * (Spring Cloud Function's CloudEvents support does not rename them): a redelivered
 * {@code ce_id} is ignored even when its body carries a newer version.
 */
@BrokerIntegrationTest
class CloudEventHeadersTests {

	static final String GROUP = "header-city";

	@Autowired
	AnnualReports reports;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void aRedeliveredCeIdIsIgnoredThroughTheBinder() {
		List<MilestoneRecorded> recorded = ReportTestData.milestones(GROUP);
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			ReportTestData.seed(GROUP).forEach(topic::publish);
			String ceId = topic.publish(ReportTestData.amended(recorded.get(0).milestone(), 1, "Applied once"));
			topic.publish(ReportTestData.amended(recorded.get(0).milestone(), 2, "Same ce_id, never applied"), ceId);
			// same key, same partition: once this one shows, the one before it was
			// handled
			topic.publish(ReportTestData.amended(recorded.get(5).milestone(), 1, "Marker"));
		}
		AnnualReport report = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.reports.report(GROUP, "2017").orElse(null),
					(found) -> found != null && text(found).contains("Marker"));
		assertThat(text(report)).contains("Applied once").doesNotContain("never applied");
	}

	private static List<String> text(AnnualReport report) {
		return report.sections()
			.stream()
			.flatMap((section) -> section.milestones().stream())
			.map(AnnualReport.Milestone::description)
			.toList();
	}

}
