package org.keycities.report.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An ADMIN rebuild drops the model and replays the topic: the reports are the same
 * afterwards, and the binding goes on consuming.
 */
@BrokerIntegrationTest
class RebuildTests {

	static final String GROUP = "rebuild-city";

	@Autowired
	MockMvc mvc;

	@Autowired
	MeterRegistry meters;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void rebuildGivesIdenticalReportsAndTheBindingResumes() throws Exception {
		List<MilestoneRecorded> recorded = ReportTestData.milestones(GROUP);
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			ReportTestData.seed(GROUP).forEach(topic::publish);
			topic.publish(ReportTestData.amended(recorded.get(0).milestone(), 1, "Amended before the rebuild"));
			topic.publish(ReportTestData.withdrawn(recorded.get(5).milestone(), 1));
			String duplicate = topic.publish(ReportTestData.amended(recorded.get(1).milestone(), 1, "Amended twice"));
			topic.publish(ReportTestData.amended(recorded.get(1).milestone(), 1, "Amended twice"), duplicate);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> json("/reports/2017").contains("Amended twice"));
		String report = json("/reports/2017");
		String years = json("/reports");
		byte[] markdown = download("md");
		double applied = this.meters.counter("events.applied", "type", "org.keycities.activity.group.changed.v1")
			.count();
		double replayed = this.meters.counter("report.rebuild.events").count();

		this.mvc.perform(post("/api/admin/rebuild").with(httpBasic("admin", "admin")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.events", greaterThanOrEqualTo(11)));

		assertThat(json("/reports/2017")).isEqualTo(report);
		assertThat(json("/reports")).isEqualTo(years);
		assertThat(download("md")).isEqualTo(markdown);
		// the model was really dropped: this group's profile was applied again, not
		// ignored
		assertThat(this.meters.counter("events.applied", "type", "org.keycities.activity.group.changed.v1").count())
			.isGreaterThan(applied);
		assertThat(this.meters.counter("report.rebuild.events").count() - replayed).isGreaterThanOrEqualTo(11);

		MilestoneSnapshot later = ReportTestData
			.recorded(GROUP, GROUP + "-later", "After the rebuild", "Core Cities", "2017-11",
					"Recorded after the rebuild.", List.of(), Instant.parse("2017-11-30T09:00:00Z"))
			.milestone();
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			topic.publish(new MilestoneRecorded(later));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> json("/reports/2017").contains("Recorded after the rebuild"));
	}

	private String json(String path) throws Exception {
		return this.mvc.perform(get("/api/groups/" + GROUP + path).with(httpBasic("board", "board")))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
	}

	private byte[] download(String format) throws Exception {
		return this.mvc
			.perform(get("/api/groups/" + GROUP + "/reports/2017").param("format", format)
				.with(httpBasic("board", "board")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
	}

}
