package org.keycities.report.report;

import java.time.Instant;

import org.keycities.activity.events.MilestoneStatus;

/**
 * What decides a milestone's reporting year, and whether it counts: the list of a group's
 * years reads only these fields of each milestone (a projection of
 * {@link MilestoneEntry}), not the whole entry.
 */
record Dating(MilestoneStatus status, String reportingYear, String date, Instant recordedAt) {

	boolean active() {
		return this.status != MilestoneStatus.WITHDRAWN;
	}

}
