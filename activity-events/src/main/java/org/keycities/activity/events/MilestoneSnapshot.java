package org.keycities.activity.events;

import java.time.Instant;
import java.util.List;

/**
 * The whole state of a milestone at one version.
 *
 * @param date {@code 2017}, {@code 2017-04} or {@code 2017-02-08} (see
 * {@link PartialDate})
 * @param reportingYear the officer's explicit reporting year ({@code 2017} or
 * {@code 2017/18}), or {@code null} to follow from the date, else from when it was
 * recorded
 */
public record MilestoneSnapshot(String id, String groupId, long version, MilestoneType type, String title,
		String workstream, String date, String reportingYear, String description, List<String> links,
		List<String> partners, MilestoneStatus status, String withdrawalReason, String recordedBy, Instant recordedAt,
		String changedBy, Instant changedAt) {

	public MilestoneSnapshot {
		links = links == null ? List.of() : List.copyOf(links);
		partners = partners == null ? List.of() : List.copyOf(partners);
		status = status == null ? MilestoneStatus.ACTIVE : status;
	}

}
