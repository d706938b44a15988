package org.keycities.notification.delivery;

public enum DeliveryStatus {

	/** Waiting to be sent. */
	PENDING,
	/** Claimed by a sender, which holds a lease until {@code leaseUntil}. */
	SENDING, SENT,
	/** A send failed; tried again at {@code nextAttemptAt}. */
	RETRYING,
	/** Every attempt failed. */
	FAILED,
	/** No longer wanted: the milestone was withdrawn or the recipient left. */
	CANCELLED

}
