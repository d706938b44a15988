package org.keycities.activity.events;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReportingYearTests {

	private static final Instant RECORDED = Instant.parse("2018-03-20T12:00:00Z");

	@ParameterizedTest
	@CsvSource({ "2017-02-08,1,2017", "2017-02-08,4,2016/17", "2017-04,4,2017/18", "2017,4,2017/18", "2017,1,2017",
			"2099-12-31,12,2099/00" })
	void followsTheDateAndTheGroupsFirstMonth(String date, int startMonth, String label) {
		assertThat(ReportingYear.of(null, date, RECORDED, startMonth).label()).isEqualTo(label);
	}

	@Test
	void explicitYearWinsOverTheDate() {
		assertThat(ReportingYear.of("2016/17", "2017-06-01", RECORDED, 4).label()).isEqualTo("2016/17");
	}

	@Test
	void explicitYearKeepsItsStartYearWhenTheGroupChangesItsFirstMonth() {
		assertThat(ReportingYear.of("2017", null, RECORDED, 4).label()).isEqualTo("2017/18");
		assertThat(ReportingYear.of("2017/18", null, RECORDED, 1).label()).isEqualTo("2017");
	}

	@Test
	void undatedMilestoneFallsIntoTheYearItWasRecorded() {
		assertThat(ReportingYear.of(null, null, RECORDED, 1).label()).isEqualTo("2018");
		assertThat(ReportingYear.of(null, " ", RECORDED, 4).label()).isEqualTo("2017/18");
	}

	@Test
	void recordingDayIsTakenInEnglishTime() {
		Instant lateOnMarch31 = Instant.parse("2018-03-31T23:30:00Z");
		assertThat(ReportingYear.of(null, null, lateOnMarch31, 4).label()).isEqualTo("2018/19");
	}

	@Test
	void labelMustFitTheGroupsYear() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReportingYear.parse("2017/18", 1))
			.withMessageContaining("January");
		assertThatIllegalArgumentException().isThrownBy(() -> ReportingYear.parse("2017", 4))
			.withMessageContaining("2017/18");
		assertThatIllegalArgumentException().isThrownBy(() -> ReportingYear.parse("2017/19", 4))
			.withMessageContaining("follow");
		assertThatIllegalArgumentException().isThrownBy(() -> ReportingYear.parse("last year", 1));
	}

	@Test
	void describesItsPeriod() {
		assertThat(ReportingYear.parse("2017/18", 4).period()).isEqualTo("1 April 2017 to 31 March 2018");
		assertThat(ReportingYear.parse("2017", 1).period()).isEqualTo("1 January 2017 to 31 December 2017");
	}

}
