package org.keycities.report.report;

import java.time.Instant;
import java.util.List;

import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The latest known state of one milestone, withdrawn ones included (a late, older event
 * must not bring a withdrawn milestone back), with its version.
 */
@Document("milestones")
public record MilestoneEntry(@Id String id, String groupId, long version, MilestoneType type, String title,
		String workstream, String date, String reportingYear, String description, List<String> links,
		List<String> partners, MilestoneStatus status, Instant recordedAt, Instant changedAt) {

	public MilestoneEntry {
		links = links == null ? List.of() : List.copyOf(links);
		partners = partners == null ? List.of() : List.copyOf(partners);
	}

	public static MilestoneEntry of(MilestoneSnapshot snapshot, MilestoneStatus status) {
		return new MilestoneEntry(snapshot.id(), snapshot.groupId(), snapshot.version(), snapshot.type(),
				snapshot.title(), snapshot.workstream(), snapshot.date(), snapshot.reportingYear(),
				snapshot.description(), snapshot.links(), snapshot.partners(), status, snapshot.recordedAt(),
				snapshot.changedAt());
	}

	boolean active() {
		return this.status != MilestoneStatus.WITHDRAWN;
	}

}
