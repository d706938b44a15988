package org.keycities.activity.events;

import java.util.Map;
import java.util.Set;

/** The CloudEvents types on topic {@code activity-events} and the record of each. */
public final class EventTypes {

	public static final String TOPIC = "activity-events";

	public static final String SOURCE = "/activity-service";

	public static final String GROUP_CHANGED = "org.keycities.activity.group.changed.v1";

	public static final String MILESTONE_RECORDED = "org.keycities.activity.milestone.recorded.v1";

	public static final String MILESTONE_AMENDED = "org.keycities.activity.milestone.amended.v1";

	public static final String MILESTONE_WITHDRAWN = "org.keycities.activity.milestone.withdrawn.v1";

	private static final Map<String, Class<? extends ActivityEvent>> RECORDS = Map.of(GROUP_CHANGED, GroupChanged.class,
			MILESTONE_RECORDED, MilestoneRecorded.class, MILESTONE_AMENDED, MilestoneAmended.class, MILESTONE_WITHDRAWN,
			MilestoneWithdrawn.class);

	private EventTypes() {
	}

	public static Set<String> all() {
		return RECORDS.keySet();
	}

	public static boolean isKnown(String type) {
		return type != null && RECORDS.containsKey(type);
	}

	public static Class<? extends ActivityEvent> recordOf(String type) {
		Class<? extends ActivityEvent> record = RECORDS.get(type);
		if (record == null) {
			throw new IllegalArgumentException("Unknown event type " + type);
		}
		return record;
	}

}
