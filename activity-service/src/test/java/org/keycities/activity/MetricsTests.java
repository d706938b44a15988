package org.keycities.activity;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.group;
import static org.keycities.activity.Requests.milestone;
import static org.keycities.activity.Requests.recordMilestone;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What operations watch: the counters, the gauge and the timer, on the public scrape. */
@ActivityServiceTest
class MetricsTests {

	@Autowired
	MockMvc mvc;

	@Test
	void prometheusShowsMilestoneCountersPublishingAndPendingEvents() throws Exception {
		this.mvc.perform(createGroup(group("metrics-group"))).andExpect(status().isCreated());
		this.mvc.perform(recordMilestone("metrics-group", milestone("Counted submission")))
			.andExpect(status().isCreated());

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			String scrape = this.mvc.perform(get("/actuator/prometheus"))
				.andExpect(status().isOk())
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(scrape).containsPattern("milestones_recorded_total\\{[^}]*type=\"SUBMISSION\"[^}]*} [1-9]")
				.containsPattern("events_published_total\\{[^}]*type=\"org.keycities.activity.milestone.recorded.v1\"")
				.contains("events_publish_failures_total")
				.containsPattern("events_pending\\{application=\"activity-service\"} [0-9]")
				.containsPattern("events_publish_delay_seconds_count\\{[^}]*} [1-9]");
		});
	}

}
