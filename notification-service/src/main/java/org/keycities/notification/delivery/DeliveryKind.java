package org.keycities.notification.delivery;

/** Why an email goes out. */
public enum DeliveryKind {

	/** A milestone was recorded. */
	IMMEDIATE,
	/** A milestone already emailed about was changed. */
	UPDATE,
	/** A milestone already emailed about was withdrawn. */
	CORRECTION,
	/** The weekly list of milestones. */
	DIGEST

}
