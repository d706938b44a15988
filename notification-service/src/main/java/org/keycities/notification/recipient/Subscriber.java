package org.keycities.notification.recipient;

import java.util.Set;

import org.keycities.activity.events.MilestoneSnapshot;

/**
 * What the event consumer needs of a subscribed recipient to open its deliveries: who,
 * where to, how often, and which milestones. Empty {@code types} or {@code workstreams}
 * mean all of them.
 *
 * @param types the names of the milestone types wanted
 */
public record Subscriber(String id, String email, Frequency frequency, Set<String> types, Set<String> workstreams) {

	/** Whether this recipient wants to hear about the milestone. */
	public boolean wants(MilestoneSnapshot milestone) {
		return (this.types.isEmpty() || (milestone.type() != null && this.types.contains(milestone.type().name())))
				&& (this.workstreams.isEmpty() || (milestone.workstream() != null
						&& this.workstreams.stream().anyMatch((w) -> w.equalsIgnoreCase(milestone.workstream()))));
	}

}
