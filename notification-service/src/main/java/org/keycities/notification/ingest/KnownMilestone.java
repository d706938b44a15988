package org.keycities.notification.ingest;

import java.time.Instant;

import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The latest state of a milestone seen on the topic, rendered into emails when they are
 * sent.
 *
 * <p>
 * The compound index lets a write be conditional on the version held while reading this
 * milestone alone: mongo-java-server (local stack, tests) uses an index only for a query
 * on exactly its fields, and reads every milestone for any other query.
 *
 * @param changedForReaders whether the change to this version touched what an email shows
 * (title, date or description), kept so a redelivered amendment decides the same
 * @param firstSeenAt when this service first heard of the milestone
 */
@Document("milestones")
@CompoundIndex(name = "id_version", def = "{'_id': 1, 'version': 1}", unique = true)
public record KnownMilestone(@Id String id, String groupId, long version, MilestoneSnapshot snapshot,
		boolean changedForReaders, Instant firstSeenAt) {

	public boolean isWithdrawn() {
		return this.snapshot.status() == MilestoneStatus.WITHDRAWN;
	}

}
