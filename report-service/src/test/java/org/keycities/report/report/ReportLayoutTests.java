package org.keycities.report.report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.GroupChanged;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.report.ingest.EventIngestion;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The order of sections and milestones that DESIGN.md's "The annual report" asks for. */
@BrokerIntegrationTest
class ReportLayoutTests {

	static final Instant T = Instant.parse("2017-06-01T09:00:00Z");

	@Autowired
	EventIngestion ingestion;

	@Autowired
	AnnualReports reports;

	final EventCodec codec = new EventCodec();

	@Test
	void flatMilestonesComeFirstThenWorkstreamsInFirstRecordedOrderDatedBeforeUndated() {
		String group = "layout-city";
		apply(ReportTestData.group(group));
		apply(ReportTestData.recorded(group, "l-1", "Undated housing", "Housing", null, "u1", List.of(), T));
		apply(ReportTestData.recorded(group, "l-2", "Transport in May", "Transport", "2017-05", "t1", List.of(),
				T.plusSeconds(1)));
		apply(ReportTestData.recorded(group, "l-3", "Flat", null, "2017-03", "f1", List.of(), T.plusSeconds(2)));
		apply(ReportTestData.recorded(group, "l-4", "Housing in 2017", "Housing", "2017", "h-year", List.of(),
				T.plusSeconds(3)));
		apply(ReportTestData.recorded(group, "l-5", "Housing on a day", "Housing", "2017-01-31", "h-day", List.of(),
				T.plusSeconds(4)));
		apply(ReportTestData.recorded(group, "l-6", "Undated housing again", "Housing", null, "u2", List.of(),
				T.plusSeconds(5)));
		apply(ReportTestData.recorded(group, "l-7", "Early flat", null, "2017-01", "f0", List.of(), T.plusSeconds(6)));

		AnnualReport report = this.reports.report(group, "2017").orElseThrow();

		assertThat(report.sections()).extracting(AnnualReport.Section::workstream)
			.containsExactly(null, "Housing", "Transport");
		assertThat(descriptions(report.sections().get(0))).containsExactly("f0", "f1");
		// a date known only to the year sorts before the months of that year
		assertThat(descriptions(report.sections().get(1))).containsExactly("h-year", "h-day", "u1", "u2");
	}

	@Test
	void theProfilesWorkstreamOrderWinsAndOthersFollowInFirstRecordedOrder() {
		String group = "ordered-city";
		GroupChanged seed = ReportTestData.group(group);
		apply(new GroupChanged(group, 0, seed.name(), seed.leadMember(), seed.leadOfficer(), null, null, null, null,
				List.of(), seed.aim(), seed.keyRolesIntro(), seed.keyRoles(), 1, List.of("Transport", "Unused"), null,
				"officer", seed.changedAt()));
		apply(ReportTestData.recorded(group, "o-1", "Housing", "Housing", "2017-02", "h", List.of(), T));
		apply(ReportTestData.recorded(group, "o-2", "Skills", "Skills", "2017-02", "s", List.of(), T.plusSeconds(1)));
		apply(ReportTestData.recorded(group, "o-3", "Transport", "Transport", "2017-02", "t", List.of(),
				T.plusSeconds(2)));

		AnnualReport report = this.reports.report(group, "2017").orElseThrow();

		assertThat(report.sections()).extracting(AnnualReport.Section::workstream)
			.containsExactly("Transport", "Housing", "Skills");
		assertThat(report.group().title())
			.isEqualTo("Key Cities Group Special Interest Group Annual Report to LGA Leadership Board");
	}

	@Test
	void aChangedGroupProfileChangesTheHeaderOfEveryYear() {
		String group = "renamed-city";
		apply(ReportTestData.group(group));
		apply(ReportTestData.recorded(group, "r-1", "2016", "Housing", "2016-06", "in 2016", List.of(), T));
		apply(ReportTestData.recorded(group, "r-2", "2017", "Housing", "2017-06", "in 2017", List.of(), T));
		apply(ReportTestData.group(group, 1, "Cllr New Lead"));

		assertThat(this.reports.report(group, "2016").orElseThrow().group().leadMember()).isEqualTo("Cllr New Lead");
		assertThat(this.reports.report(group, "2017").orElseThrow().group().leadMember()).isEqualTo("Cllr New Lead");
	}

	private void apply(ActivityEvent event) {
		this.ingestion.apply(UUID.randomUUID().toString(), event.eventType(), this.codec.write(event));
	}

	private static List<String> descriptions(AnnualReport.Section section) {
		return section.milestones().stream().map(AnnualReport.Milestone::description).toList();
	}

}
