package org.keycities.activity.milestone;

import java.time.Instant;
import java.util.List;

import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;

/**
 * A milestone as the API shows it.
 *
 * @param reportingYear as the officer gave it, or {@code null}
 * @param effectiveReportingYear the year it is reported in (explicit, else from the date,
 * else from when it was recorded)
 */
public record MilestoneView(String id, String groupId, long version, MilestoneType type, String title,
		String workstream, String date, String reportingYear, String effectiveReportingYear, String description,
		List<String> links, List<String> partners, MilestoneStatus status, String withdrawalReason, String recordedBy,
		Instant recordedAt, String changedBy, Instant changedAt) {

	static MilestoneView of(Milestone milestone) {
		MilestoneSnapshot s = milestone.snapshot(milestone.version());
		return new MilestoneView(s.id(), s.groupId(), s.version(), s.type(), s.title(), s.workstream(), s.date(),
				s.reportingYear(), milestone.effectiveReportingYear(), s.description(), s.links(), s.partners(),
				s.status(), s.withdrawalReason(), s.recordedBy(), s.recordedAt(), s.changedBy(), s.changedAt());
	}

}
