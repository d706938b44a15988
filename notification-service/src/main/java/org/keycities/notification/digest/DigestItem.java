package org.keycities.notification.digest;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A milestone waiting for one recipient's weekly digest. Its id is unique per (milestone,
 * recipient), and {@code digestId} is set once, atomically, when a digest takes it, so it
 * is never in two digests.
 */
@Document("digest_items")
record DigestItem(@Id String id, String groupId, String recipientId, String milestoneId, String eventId,
		Instant recordedAt, String digestId, Status status) {

	enum Status {

		WAITING, DIGESTED, CANCELLED

	}

}
