package org.keycities.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.events.MilestoneAmended;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;
import org.keycities.activity.events.MilestoneWithdrawn;
import org.keycities.testsupport.KeyCitiesSeed;

/**
 * The Key Cities seed as events, moved to any group id so that tests sharing one broker
 * and one database do not see each other's reports, plus the later changes officers make.
 */
public final class ReportTestData {

	private ReportTestData() {
	}

	public static GroupChanged group(String groupId) {
		return group(groupId, 0, KeyCitiesSeed.groupChanged().leadMember());
	}

	public static GroupChanged group(String groupId, long version, String leadMember) {
		GroupChanged g = KeyCitiesSeed.groupChanged();
		return new GroupChanged(groupId, version, g.name(), leadMember, g.leadOfficer(), g.email(), g.address(),
				g.telephone(), g.website(), g.membership(), g.aim(), g.keyRolesIntro(), g.keyRoles(),
				g.reportingYearStartMonth(), g.workstreamOrder(), g.reportTitle(), g.changedBy(),
				g.changedAt().plusSeconds(version));
	}

	/** The six 2017 milestones, recorded in the seed's order. */
	public static List<MilestoneRecorded> milestones(String groupId) {
		return KeyCitiesSeed.milestonesRecorded()
			.stream()
			.map((event) -> new MilestoneRecorded(moved(event.milestone(), groupId)))
			.toList();
	}

	/** The group and its milestones, in the order activity-service would publish them. */
	public static List<ActivityEvent> seed(String groupId) {
		List<ActivityEvent> events = new ArrayList<>();
		events.add(group(groupId));
		events.addAll(milestones(groupId));
		return events;
	}

	public static MilestoneAmended amended(MilestoneSnapshot m, long version, String description) {
		return new MilestoneAmended(new MilestoneSnapshot(m.id(), m.groupId(), version, m.type(), m.title(),
				m.workstream(), m.date(), m.reportingYear(), description, m.links(), m.partners(),
				MilestoneStatus.ACTIVE, null, m.recordedBy(), m.recordedAt(), "officer", changedAt(m, version)));
	}

	public static MilestoneWithdrawn withdrawn(MilestoneSnapshot m, long version) {
		return new MilestoneWithdrawn(
				new MilestoneSnapshot(m.id(), m.groupId(), version, m.type(), m.title(), m.workstream(), m.date(),
						m.reportingYear(), m.description(), m.links(), m.partners(), MilestoneStatus.WITHDRAWN,
						"Recorded twice by mistake", m.recordedBy(), m.recordedAt(), "officer", changedAt(m, version)));
	}

	/** A milestone of any content, recorded at the given instant. */
	public static MilestoneRecorded recorded(String groupId, String id, String title, String workstream, String date,
			String description, List<String> links, Instant recordedAt) {
		return new MilestoneRecorded(
				new MilestoneSnapshot(id, groupId, 0, MilestoneType.OTHER, title, workstream, date, null, description,
						links, List.of(), MilestoneStatus.ACTIVE, null, "officer", recordedAt, "officer", recordedAt));
	}

	private static Instant changedAt(MilestoneSnapshot m, long version) {
		return m.recordedAt().plusSeconds(3600 * version);
	}

	private static MilestoneSnapshot moved(MilestoneSnapshot m, String groupId) {
		return new MilestoneSnapshot(groupId + "-" + m.id(), groupId, m.version(), m.type(), m.title(), m.workstream(),
				m.date(), m.reportingYear(), m.description(), m.links(), m.partners(), m.status(), m.withdrawalReason(),
				m.recordedBy(), m.recordedAt(), m.changedBy(), m.changedAt());
	}

}
