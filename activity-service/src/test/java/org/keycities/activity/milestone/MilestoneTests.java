package org.keycities.activity.milestone;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.MilestoneAmended;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneWithdrawn;
import org.keycities.activity.outbox.PendingEvent;
import org.keycities.activity.web.FieldProblem;
import org.keycities.activity.web.RequestRejected;

import org.springframework.http.HttpStatus;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MilestoneTests {

	private static final EventCodec CODEC = new EventCodec();

	private static final Instant MAY_2017 = Instant.parse("2017-05-02T09:00:00Z");

	private static final Instant JANUARY_2018 = Instant.parse("2018-01-15T09:00:00Z");

	@Test
	void recordingRaisesRecordedEventAtVersionZeroInTheSameDocument() {
		Milestone milestone = Milestone.record("m-1", "key-cities", request("2017-02-08", null), 1, "officer",
				MAY_2017);

		assertThat(milestone.pendingEvents()).hasSize(1);
		PendingEvent pending = milestone.pendingEvents().get(0);
		assertThat(pending.type()).isEqualTo(EventTypes.MILESTONE_RECORDED);
		assertThat(pending.key()).isEqualTo("key-cities");
		assertThat(pending.subject()).isEqualTo("m-1");
		MilestoneRecorded event = (MilestoneRecorded) read(pending);
		assertThat(event.milestone().version()).isZero();
		assertThat(event.milestone().recordedBy()).isEqualTo("officer");
		assertThat(milestone.effectiveReportingYear()).isEqualTo("2017");
	}

	@Test
	void reportingYearFollowsExplicitYearElseDateElseRecordingDay() {
		assertThat(Milestone.record("a", "ccn", request("2018-03-20", null), 4, "officer", JANUARY_2018)
			.effectiveReportingYear()).isEqualTo("2017/18");
		assertThat(Milestone.record("b", "ccn", request("2018-05-01", "2017/18"), 4, "officer", JANUARY_2018)
			.effectiveReportingYear()).isEqualTo("2017/18");
		assertThat(
				Milestone.record("c", "ccn", request(null, null), 4, "officer", JANUARY_2018).effectiveReportingYear())
			.isEqualTo("2017/18");
		assertThat(Milestone.record("d", "key-cities", request(null, null), 1, "officer", JANUARY_2018)
			.effectiveReportingYear()).isEqualTo("2018");
	}

	@Test
	void amendingAStoredMilestoneRaisesAmendedWithTheNextVersion() {
		Milestone milestone = stored(
				Milestone.record("m-2", "key-cities", request("2017-04", null), 1, "officer", MAY_2017));
		milestone.amend(new MilestoneRequest("SUBMISSION", "Submitted to BEIS", "Industrial Strategy", "2017-04-28",
				null, null, List.of("https://www.gov.uk/beis"), null), 1, "admin", MAY_2017.plusSeconds(60));

		MilestoneAmended event = (MilestoneAmended) read(milestone.pendingEvents().get(1));
		assertThat(event.milestone().version()).isEqualTo(1);
		assertThat(event.milestone().title()).isEqualTo("Submitted to BEIS");
		assertThat(event.milestone().changedBy()).isEqualTo("admin");
		assertThat(event.milestone().recordedBy()).isEqualTo("officer");
	}

	@Test
	void withdrawnMilestoneIsKeptAndCannotBeChangedAgain() {
		Milestone milestone = stored(
				Milestone.record("m-3", "key-cities", request(null, null), 1, "officer", MAY_2017));
		milestone.withdraw("  Recorded twice ", "officer", MAY_2017.plusSeconds(60));

		assertThat(milestone.status()).isEqualTo(MilestoneStatus.WITHDRAWN);
		MilestoneWithdrawn event = (MilestoneWithdrawn) read(milestone.pendingEvents().get(1));
		assertThat(event.milestone().withdrawalReason()).isEqualTo("Recorded twice");
		assertThatExceptionOfType(RequestRejected.class)
			.isThrownBy(() -> milestone.withdraw("again", "officer", MAY_2017.plusSeconds(120)))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.CONFLICT));
		assertThatExceptionOfType(RequestRejected.class)
			.isThrownBy(() -> milestone.amend(request(null, null), 1, "officer", MAY_2017.plusSeconds(120)));
	}

	@Test
	void requestChecksNameEveryFieldAtFault() {
		MilestoneRequest bad = new MilestoneRequest("PARTY", "t".repeat(201), null, "2017-02-30", "2017/18",
				"d".repeat(5001), List.of("ftp://example.org", "https://example.org"), List.of(""));
		assertThat(bad.check(1).problems()).extracting(FieldProblem::field)
			.containsExactlyInAnyOrder("type", "title", "date", "reportingYear", "description", "links[0]",
					"partners[0]");
		assertThat(request("2017-02-08", null).check(1).problems()).isEmpty();
	}

	private static MilestoneRequest request(String date, String reportingYear) {
		return new MilestoneRequest("LAUNCH", "All Party Parliamentary Group for Key Cities launched",
				"Key Cities APPG", date, reportingYear, "Launched in Parliament.", null, null);
	}

	/** As it comes back from its first save. */
	private static Milestone stored(Milestone milestone) {
		ReflectionTestUtils.setField(milestone, "version", 0L);
		return milestone;
	}

	private static Object read(PendingEvent pending) {
		return CODEC.read(pending.type(), pending.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

}
