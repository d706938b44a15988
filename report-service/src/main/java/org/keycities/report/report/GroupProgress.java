package org.keycities.report.report;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * How far a group's report has got, for its "as of": the events taken into account for
 * the group, each {@code ce_id} once, and the latest source time among them. Kept up to
 * date as events are remembered, so a report reads one document by {@code _id} instead of
 * counting and sorting the processed events, which the local stack's MongoDB server can
 * only do by reading every group's.
 *
 * @param groupId the {@code _id}
 * @param lastEventAt {@code null} while no event of the group had a source time
 */
@Document("group_progress")
record GroupProgress(@Id String groupId, long eventsApplied, Instant lastEventAt) {

	/** Both together, as if their events had been counted as one. */
	GroupProgress plus(GroupProgress other) {
		Instant latest = (this.lastEventAt == null
				|| (other.lastEventAt != null && other.lastEventAt.isAfter(this.lastEventAt))) ? other.lastEventAt
						: this.lastEventAt;
		return new GroupProgress(this.groupId, this.eventsApplied + other.eventsApplied, latest);
	}

}
