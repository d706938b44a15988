package org.keycities.report.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@BrokerIntegrationTest
class ReportApiTests {

	static final String GROUP = "api-city";

	static final String APRIL_GROUP = "april-city";

	static final RequestPostProcessor BOARD = httpBasic("board", "board");

	private static boolean published;

	@Autowired
	MockMvc mvc;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@BeforeEach
	void publishOnce() {
		if (published) {
			return;
		}
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			ReportTestData.seed(GROUP).forEach(topic::publish);
			GroupChanged seed = ReportTestData.group(APRIL_GROUP);
			topic.publish(new GroupChanged(APRIL_GROUP, 0, seed.name(), seed.leadMember(), seed.leadOfficer(), null,
					null, null, null, List.of(), seed.aim(), seed.keyRolesIntro(), seed.keyRoles(), 4, List.of(), null,
					"officer", seed.changedAt()));
			Instant at = Instant.parse("2017-05-02T09:00:00Z");
			topic.publish(ReportTestData.recorded(APRIL_GROUP, "april-1", "Launch in February", null, "2017-02-08",
					"Falls in 2016/17 by its date.", List.of(), at));
			topic.publish(ReportTestData.recorded(APRIL_GROUP, "april-2", "Report in May", null, "2017-05",
					"Falls in 2017/18 by its date.", List.of(), at.plusSeconds(60)));
			MilestoneSnapshot explicit = ReportTestData
				.recorded(APRIL_GROUP, "april-3", "Late note", null, "2017-02", "Filed in 2017/18 by the officer.",
						List.of(), at.plusSeconds(120))
				.milestone();
			topic.publish(new MilestoneRecorded(new MilestoneSnapshot(explicit.id(), APRIL_GROUP, 0, explicit.type(),
					explicit.title(), null, explicit.date(), "2017/18", explicit.description(), List.of(), List.of(),
					explicit.status(), null, "officer", explicit.recordedAt(), "officer", explicit.recordedAt())));
		}
		published = true;
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.mvc.perform(get("/api/groups/{g}/reports/2017", GROUP).with(BOARD))
				.andExpect(jsonPath("$.sections[3].milestones", hasSize(1))));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.mvc.perform(get("/api/groups/{g}/reports", APRIL_GROUP).with(BOARD))
				.andExpect(jsonPath("$[1].milestones").value(2)));
	}

	@Test
	void jsonReportHasTheAgreedShape() throws Exception {
		this.mvc.perform(get("/api/groups/{g}/reports/2017", GROUP).with(BOARD))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.group.name").value("Key Cities Group"))
			.andExpect(jsonPath("$.group.title")
				.value("Key Cities Special Interest Group Annual Report to LGA Leadership Board"))
			.andExpect(jsonPath("$.year").value("2017"))
			.andExpect(jsonPath("$.period").value("1 January 2017 to 31 December 2017"))
			.andExpect(jsonPath("$.sections", hasSize(4)))
			.andExpect(jsonPath("$.sections[0].workstream").value("Key Cities APPG"))
			.andExpect(jsonPath("$.sections[0].milestones[0].id").value(GROUP + "-seed-1"))
			.andExpect(jsonPath("$.sections[0].milestones[0].type").value("LAUNCH"))
			.andExpect(jsonPath("$.sections[0].milestones[0].title")
				.value("All Party Parliamentary Group for Key Cities launched"))
			.andExpect(jsonPath("$.sections[0].milestones[0].date").value("2017-02-08"))
			.andExpect(jsonPath("$.sections[0].milestones[1].links[0]")
				.value("http://www.keycities.co.uk/powerful-new-voice-key-cities-launched-parliament"))
			.andExpect(jsonPath("$.sections[1].milestones[1].partners[0]")
				.value("Department for Business, Energy and Industrial Strategy"))
			.andExpect(jsonPath("$.sections[1].workstream").value("Industrial Strategy"))
			.andExpect(jsonPath("$.sections[2].workstream").value("Inclusive Growth Commission"))
			.andExpect(jsonPath("$.sections[3].workstream").value("Core Cities"))
			.andExpect(jsonPath("$.asOf.eventsApplied").value(7))
			.andExpect(jsonPath("$.asOf.lastEventAt").value("2017-05-02T09:06:00Z"));
	}

	@Test
	void listsTheYearsWithTheirMilestoneCounts() throws Exception {
		this.mvc.perform(get("/api/groups/{g}/reports", GROUP).with(BOARD))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(1)))
			.andExpect(jsonPath("$[0].year").value("2017"))
			.andExpect(jsonPath("$[0].milestones").value(6));
	}

	@Test
	void yearsThatStartInAprilAreLabelledByBothYearsAndAnExplicitYearWinsOverTheDate() throws Exception {
		this.mvc.perform(get("/api/groups/{g}/reports", APRIL_GROUP).with(BOARD))
			.andExpect(jsonPath("$[0].year").value("2016/17"))
			.andExpect(jsonPath("$[0].milestones").value(1))
			.andExpect(jsonPath("$[1].year").value("2017/18"))
			.andExpect(jsonPath("$[1].period").value("1 April 2017 to 31 March 2018"))
			.andExpect(jsonPath("$[1].milestones").value(2));
		this.mvc.perform(get("/api/groups/{g}/reports/2017-18", APRIL_GROUP).with(BOARD))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.year").value("2017/18"))
			.andExpect(jsonPath("$.sections[0].workstream").doesNotExist())
			.andExpect(jsonPath("$.sections[0].milestones[*].id").value(contains("april-3", "april-2")));
		this.mvc.perform(get("/api/groups/{g}/reports/2017/18", APRIL_GROUP).with(BOARD).param("format", "pdf"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition",
					containsString("filename=\"april-city-annual-report-2017-18.pdf\"")));
	}

	@Test
	void formatComesFromTheQueryOrTheAcceptHeader() throws Exception {
		String report = "/api/groups/" + GROUP + "/reports/2017";
		this.mvc.perform(get(report).with(BOARD).param("format", "pdf"))
			.andExpect(status().isOk())
			.andExpect(content().contentType(MediaType.APPLICATION_PDF))
			.andExpect(
					header().string("Content-Disposition", "attachment; filename=\"api-city-annual-report-2017.pdf\""));
		this.mvc.perform(get(report).with(BOARD).accept("text/html,application/xhtml+xml,*/*;q=0.8"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andExpect(content().string(containsString("<h2 id=\"activities\">Key Activities")));
		this.mvc.perform(get(report).with(BOARD).accept("text/markdown"))
			.andExpect(content().contentTypeCompatibleWith("text/markdown"))
			.andExpect(header().string("Content-Disposition", containsString("api-city-annual-report-2017.md")))
			.andExpect(content().string(containsString("### Industrial Strategy")));
		this.mvc
			.perform(get(report).with(BOARD)
				.accept("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", containsString("api-city-annual-report-2017.docx")));
		this.mvc.perform(get(report).with(BOARD).accept(MediaType.ALL))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
	}

	@Test
	void unknownGroupOrYearIsNotFoundAsProblemDetails() throws Exception {
		this.mvc.perform(get("/api/groups/nobody/reports").with(BOARD))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("No such group"));
		this.mvc.perform(get("/api/groups/{g}/reports/2016", GROUP).with(BOARD).accept(MediaType.APPLICATION_PDF))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("No report for this year"));
		this.mvc.perform(get("/api/groups/{g}/reports/2017-18", GROUP).with(BOARD)).andExpect(status().isNotFound());
	}

	@Test
	void eachMilestoneSaysWhichYearItIsFiledUnderAndWhetherItIsInTheReport() throws Exception {
		this.mvc.perform(get("/api/groups/{g}/reports/milestones/{m}", APRIL_GROUP, "april-1").with(BOARD))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.milestoneId").value("april-1"))
			.andExpect(jsonPath("$.title").value("Launch in February"))
			.andExpect(jsonPath("$.year").value("2016/17"))
			.andExpect(jsonPath("$.period").value("1 April 2016 to 31 March 2017"))
			.andExpect(jsonPath("$.inReport").value(true));
		// the officer's explicit year wins over the date, as in the report itself
		this.mvc.perform(get("/api/groups/{g}/reports/milestones/{m}", APRIL_GROUP, "april-3").with(BOARD))
			.andExpect(jsonPath("$.year").value("2017/18"));

		String group = "place-city";
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			topic.publish(ReportTestData.group(group));
			MilestoneRecorded recorded = ReportTestData.recorded(group, "place-1", "Recorded twice", null, "2017-03",
					"Withdrawn a day later.", List.of(), Instant.parse("2017-03-02T09:00:00Z"));
			topic.publish(recorded);
			topic.publish(ReportTestData.withdrawn(recorded.milestone(), 1));
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> this.mvc.perform(get("/api/groups/{g}/reports/milestones/{m}", group, "place-1").with(BOARD))
						.andExpect(status().isOk())
						.andExpect(jsonPath("$.version").value(1))
						.andExpect(jsonPath("$.year").value("2017"))
						.andExpect(jsonPath("$.inReport").value(false)));

		this.mvc.perform(get("/api/groups/{g}/reports/milestones/{m}", APRIL_GROUP, "never-recorded").with(BOARD))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Milestone not in the reports yet"));
		this.mvc.perform(get("/api/groups/{g}/reports/milestones/{m}", "nobody", "april-1").with(BOARD))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.title").value("No such group"));
		this.mvc.perform(get("/api/groups/{g}/reports/milestones/{m}", APRIL_GROUP, "april-1"))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void unknownFormatIsNotAcceptable() throws Exception {
		this.mvc.perform(get("/api/groups/{g}/reports/2017", GROUP).with(BOARD).param("format", "xls"))
			.andExpect(status().isNotAcceptable())
			.andExpect(jsonPath("$.detail").value(containsString("json, html, md, pdf or docx")));
		this.mvc.perform(get("/api/groups/{g}/reports/2017", GROUP).with(BOARD).accept(MediaType.IMAGE_PNG))
			.andExpect(status().isNotAcceptable());
	}

	@Test
	void boardOfficersAndAdminsReadButOnlyAdminsRebuildAndStrangersAreAskedToSignIn() throws Exception {
		String report = "/api/groups/" + GROUP + "/reports/2017";
		this.mvc.perform(get(report))
			.andExpect(status().isUnauthorized())
			.andExpect(header().exists("WWW-Authenticate"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get(report).with(httpBasic("board", "wrong"))).andExpect(status().isUnauthorized());
		this.mvc.perform(get(report).with(httpBasic("officer", "officer"))).andExpect(status().isOk());
		this.mvc.perform(get(report).with(httpBasic("admin", "admin"))).andExpect(status().isOk());
		this.mvc.perform(get(report).with(BOARD)).andExpect(status().isOk());
		this.mvc.perform(post("/api/admin/rebuild").with(BOARD)).andExpect(status().isForbidden());
		this.mvc.perform(post("/api/admin/rebuild").with(httpBasic("officer", "officer")))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/api/admin/rebuild")).andExpect(status().isUnauthorized());
	}

	@Test
	void healthShowsMongoAndTheBinderAndPrometheusShowsTheMeters() throws Exception {
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.mongo.status").value("UP"))
			.andExpect(jsonPath("$.components.binders.status").value("UP"));
		this.mvc.perform(get("/api/groups/{g}/reports/2017", GROUP).with(BOARD).param("format", "md"));
		this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("events_applied_total{application=\"report-service\"")))
			.andExpect(content().string(containsString("report_render_seconds_count{application=\"report-service\"")))
			.andExpect(content().string(containsString("spring_cloud_stream_binder_kafka_offset")));
	}

}
