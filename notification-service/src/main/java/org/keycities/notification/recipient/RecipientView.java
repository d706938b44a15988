package org.keycities.notification.recipient;

import java.time.Instant;
import java.util.Set;

import org.keycities.activity.events.MilestoneType;

/** A recipient as the API shows it. */
record RecipientView(String id, String groupId, String council, String name, String email, Set<MilestoneType> types,
		Set<String> workstreams, Frequency frequency, String status, Instant unsubscribedAt, Instant createdAt) {

	static RecipientView of(Recipient r) {
		return new RecipientView(r.getId(), r.getGroupId(), r.getCouncil(), r.getName(), r.getEmail(), r.getTypes(),
				r.getWorkstreams(), r.getFrequency(), r.isSubscribed() ? "ACTIVE" : "UNSUBSCRIBED",
				r.getUnsubscribedAt(), r.getCreatedAt());
	}

}
