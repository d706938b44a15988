package org.keycities.activity.events;

/** A milestone was amended; carries its whole new state. */
public record MilestoneAmended(MilestoneSnapshot milestone) implements ActivityEvent {

	@Override
	public String eventType() {
		return EventTypes.MILESTONE_AMENDED;
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
