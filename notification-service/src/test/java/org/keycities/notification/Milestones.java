package org.keycities.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;

/** Test data: milestones and groups as activity-service would publish them. */
public final class Milestones {

	private Milestones() {
	}

	public static GroupChanged group(String groupId, String name) {
		return new GroupChanged(groupId, 1, name, "Cllr Lead", "Lead Officer", null, null, null, null, List.of(),
				"To speak up for our members.", null, List.of(), 1, List.of(), null, "officer", Instant.now());
	}

	public static MilestoneSnapshot milestone(String groupId) {
		Instant now = Instant.now();
		return new MilestoneSnapshot("m-" + UUID.randomUUID(), groupId, 0, MilestoneType.LAUNCH,
				"APPG for Key Cities launched", "Key Cities APPG", "2017-02-08", null,
				"The All Party Parliamentary Group for Key Cities was launched in Parliament.",
				List.of("https://www.keycities.co.uk/appg"), List.of(), MilestoneStatus.ACTIVE, null, "officer", now,
				"officer", now);
	}

	public static MilestoneSnapshot withTitle(MilestoneSnapshot m, String title) {
		return new MilestoneSnapshot(m.id(), m.groupId(), m.version(), m.type(), title, m.workstream(), m.date(),
				m.reportingYear(), m.description(), m.links(), m.partners(), m.status(), m.withdrawalReason(),
				m.recordedBy(), m.recordedAt(), m.changedBy(), m.changedAt());
	}

	public static MilestoneSnapshot withType(MilestoneSnapshot m, MilestoneType type) {
		return new MilestoneSnapshot(m.id(), m.groupId(), m.version(), type, m.title(), m.workstream(), m.date(),
				m.reportingYear(), m.description(), m.links(), m.partners(), m.status(), m.withdrawalReason(),
				m.recordedBy(), m.recordedAt(), m.changedBy(), m.changedAt());
	}

	public static MilestoneSnapshot withLinks(MilestoneSnapshot m, List<String> links) {
		return new MilestoneSnapshot(m.id(), m.groupId(), m.version(), m.type(), m.title(), m.workstream(), m.date(),
				m.reportingYear(), m.description(), links, m.partners(), m.status(), m.withdrawalReason(),
				m.recordedBy(), m.recordedAt(), m.changedBy(), m.changedAt());
	}

	/** The next version, as an amendment with another title / description / partners. */
	public static MilestoneSnapshot amended(MilestoneSnapshot m, String title, String description,
			List<String> partners) {
		return new MilestoneSnapshot(m.id(), m.groupId(), m.version() + 1, m.type(), title, m.workstream(), m.date(),
				m.reportingYear(), description, m.links(), partners, m.status(), null, m.recordedBy(), m.recordedAt(),
				"officer", Instant.now());
	}

	public static MilestoneSnapshot withdrawn(MilestoneSnapshot m, String reason) {
		return new MilestoneSnapshot(m.id(), m.groupId(), m.version() + 1, m.type(), m.title(), m.workstream(),
				m.date(), m.reportingYear(), m.description(), m.links(), m.partners(), MilestoneStatus.WITHDRAWN,
				reason, m.recordedBy(), m.recordedAt(), "officer", Instant.now());
	}

}
