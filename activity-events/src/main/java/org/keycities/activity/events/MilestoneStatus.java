package org.keycities.activity.events;

public enum MilestoneStatus {

	ACTIVE, WITHDRAWN

}
