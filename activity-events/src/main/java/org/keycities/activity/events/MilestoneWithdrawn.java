package org.keycities.activity.events;

/** A milestone was withdrawn (kept for audit, never reported); carries its last state. */
public record MilestoneWithdrawn(MilestoneSnapshot milestone) implements ActivityEvent {

	@Override
	public String eventType() {
		return EventTypes.MILESTONE_WITHDRAWN;
	}

	@Override
	public String subject() {
		return milestone.id();
	}

	@Override
	public String groupOf() {
		return milestone.groupId();
	}

	@Override
	public long aggregateVersion() {
		return milestone.version();
	}

}
