package org.keycities.notification.recipient;

/** How a recipient wants to hear about milestones. */
public enum Frequency {

	IMMEDIATE, WEEKLY_DIGEST

}
