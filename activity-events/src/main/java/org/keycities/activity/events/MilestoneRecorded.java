package org.keycities.activity.events;

/** A milestone was recorded. */
public record MilestoneRecorded(MilestoneSnapshot milestone) implements ActivityEvent {

	@Override
	public String eventType() {
		return EventTypes.MILESTONE_RECORDED;
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
