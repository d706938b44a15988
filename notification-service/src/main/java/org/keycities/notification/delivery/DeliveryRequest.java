package org.keycities.notification.delivery;

import java.time.Instant;
import java.util.List;

/**
 * A delivery to open.
 *
 * @param key unique per (kind, milestone, version or digest, recipient): the same event
 * arriving again yields the same key, hence no second email
 * @param traceparent the trace the email is sent in (the event's); null for the current
 * span's
 */
public record DeliveryRequest(DeliveryKind kind, String key, String groupId, String recipientId, String email,
		String milestoneId, Long milestoneVersion, String eventId, Instant eventTime, String relatesTo,
		List<String> milestoneIds, String traceparent) {

	public static String key(DeliveryKind kind, String subject, Object versionOrEvent, String recipientId) {
		return kind + ":" + subject + ":" + versionOrEvent + ":" + recipientId;
	}

}
