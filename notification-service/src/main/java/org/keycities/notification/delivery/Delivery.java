package org.keycities.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One email to one recipient, and every attempt to send it. Its {@code key} is unique:
 * the record is claimed before anything is sent, so the same event arriving again cannot
 * make a second email.
 */
@Document("deliveries")
public class Delivery {

	@Id
	private String id;

	@Indexed(unique = true)
	private String key;

	private String groupId;

	private String recipientId;

	private String email;

	private DeliveryKind kind;

	private String milestoneId;

	private Long milestoneVersion;

	private String eventId;

	private Instant eventTime;

	/** For an update or correction: the delivery it follows up. */
	private String relatesTo;

	/** For a digest: the milestones it lists. */
	private List<String> milestoneIds = new ArrayList<>();

	private DeliveryStatus status;

	private int attempts;

	private Instant nextAttemptAt;

	private Instant leaseUntil;

	private String leaseToken;

	private String lastError;

	private String messageId;

	private Instant createdAt;

	private Instant sentAt;

	private Instant updatedAt;

	private List<Attempt> attemptLog = new ArrayList<>();

	private String subject;

	private String html;

	private String text;

	/** The trace of the event that opened this delivery, continued when it is sent. */
	private String traceparent;

	/** One try at sending. */
	public record Attempt(int number, Instant at, DeliveryStatus outcome, String error) {
	}

	Delivery() {
	}

	Delivery(String id, String key, String groupId, String recipientId, String email, DeliveryKind kind,
			String milestoneId, Long milestoneVersion, String eventId, Instant eventTime, String relatesTo,
			List<String> milestoneIds, Instant now, String traceparent) {
		this.id = id;
		this.key = key;
		this.groupId = groupId;
		this.recipientId = recipientId;
		this.email = email;
		this.kind = kind;
		this.milestoneId = milestoneId;
		this.milestoneVersion = milestoneVersion;
		this.eventId = eventId;
		this.eventTime = eventTime;
		this.relatesTo = relatesTo;
		this.milestoneIds = milestoneIds == null ? new ArrayList<>() : new ArrayList<>(milestoneIds);
		this.status = DeliveryStatus.PENDING;
		this.nextAttemptAt = now;
		this.createdAt = now;
		this.updatedAt = now;
		this.messageId = "<" + id + "@notification.keycities>";
		this.traceparent = traceparent;
	}

	public String getId() {
		return this.id;
	}

	public String getKey() {
		return this.key;
	}

	public String getGroupId() {
		return this.groupId;
	}

	public String getRecipientId() {
		return this.recipientId;
	}

	public String getEmail() {
		return this.email;
	}

	public DeliveryKind getKind() {
		return this.kind;
	}

	public String getMilestoneId() {
		return this.milestoneId;
	}

	public Long getMilestoneVersion() {
		return this.milestoneVersion;
	}

	public String getEventId() {
		return this.eventId;
	}

	public Instant getEventTime() {
		return this.eventTime;
	}

	public String getRelatesTo() {
		return this.relatesTo;
	}

	public List<String> getMilestoneIds() {
		return this.milestoneIds;
	}

	public DeliveryStatus getStatus() {
		return this.status;
	}

	public int getAttempts() {
		return this.attempts;
	}

	public Instant getNextAttemptAt() {
		return this.nextAttemptAt;
	}

	public Instant getLeaseUntil() {
		return this.leaseUntil;
	}

	String getLeaseToken() {
		return this.leaseToken;
	}

	public String getLastError() {
		return this.lastError;
	}

	public String getMessageId() {
		return this.messageId;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getSentAt() {
		return this.sentAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public List<Attempt> getAttemptLog() {
		return this.attemptLog;
	}

	public String getSubject() {
		return this.subject;
	}

	public String getHtml() {
		return this.html;
	}

	public String getTraceparent() {
		return this.traceparent;
	}

	public String getText() {
		return this.text;
	}

}
