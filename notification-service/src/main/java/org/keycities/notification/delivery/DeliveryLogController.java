package org.keycities.notification.delivery;

import java.time.Instant;
import java.util.List;

import org.keycities.notification.web.NotFoundException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The delivery log: what was sent to whom, when, and every failed attempt. */
@RestController
class DeliveryLogController {

	private static final int LIMIT = 500;

	private final DeliveryLog deliveries;

	DeliveryLogController(DeliveryLog deliveries) {
		this.deliveries = deliveries;
	}

	/**
	 * The newest 500 deliveries of a group, optionally only those with one status, to one
	 * recipient (id or email address) or caused by one event ({@code ce_id}).
	 */
	@GetMapping("/api/groups/{groupId}/deliveries")
	List<DeliveryView> search(@PathVariable String groupId, @RequestParam(required = false) DeliveryStatus status,
			@RequestParam(required = false) String recipient, @RequestParam(required = false) String eventId) {
		return this.deliveries.search(groupId, status, recipient, eventId, LIMIT)
			.stream()
			.map(DeliveryView::of)
			.toList();
	}

	@GetMapping("/api/deliveries/{id}")
	DeliveryView one(@PathVariable String id) {
		return DeliveryView.of(find(id));
	}

	/** The email as it was sent: subject, HTML and plain text. */
	@GetMapping("/api/deliveries/{id}/message")
	SentMessage message(@PathVariable String id) {
		Delivery delivery = find(id);
		if (delivery.getStatus() != DeliveryStatus.SENT) {
			throw new NotFoundException("Delivery " + id + " has not been sent, so there is no message to show");
		}
		return new SentMessage(delivery.getMessageId(), delivery.getEmail(), delivery.getSentAt(),
				delivery.getSubject(), delivery.getHtml(), delivery.getText());
	}

	private Delivery find(String id) {
		return this.deliveries.find(id).orElseThrow(() -> new NotFoundException("There is no delivery " + id));
	}

	record SentMessage(String messageId, String to, Instant sentAt, String subject, String html, String text) {
	}

	record DeliveryView(String id, String groupId, String recipientId, String email, DeliveryKind kind,
			String milestoneId, Long milestoneVersion, String eventId, String relatesTo, List<String> milestoneIds,
			DeliveryStatus status, int attempts, String lastError, String messageId, Instant createdAt,
			Instant nextAttemptAt, Instant sentAt, Instant updatedAt, List<Delivery.Attempt> attemptLog) {

		static DeliveryView of(Delivery d) {
			return new DeliveryView(d.getId(), d.getGroupId(), d.getRecipientId(), d.getEmail(), d.getKind(),
					d.getMilestoneId(), d.getMilestoneVersion(), d.getEventId(), d.getRelatesTo(), d.getMilestoneIds(),
					d.getStatus(), d.getAttempts(), d.getLastError(), d.getMessageId(), d.getCreatedAt(),
					d.getNextAttemptAt(), d.getSentAt(), d.getUpdatedAt(), d.getAttemptLog());
		}

	}

}
