package org.keycities.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One email to one recipient, and every attempt to send it. Its {@code key} is unique:
 * the record is claimed before anything is sent, so the same event arriving again cannot
 * make a second email.
 * <p>
 * Claims and holder checks query one unique index each, so they read only what is due or
 * held, never the whole sent history: {@code due} is set (to {@link #dueKey the time it
 * became due and its id}, so that the index orders deliveries by that time and a unique
 * index has distinct values) while the delivery may be claimed now, {@code waiting} while
 * it waits for a later time, {@code leaseToken} only while a sender holds it, and the
 * compound index lets the poll mark a waiting delivery due only if it did not change
 * since it was read.
 */
@Document("deliveries")
@CompoundIndex(name = "waiting_since", def = "{'_id': 1, 'status': 1, 'nextAttemptAt': 1}", unique = true)
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

	/** Set only while a sender holds the claim: a fresh value per claim. */
	@Indexed(unique = true, sparse = true)
	private String leaseToken;

	/**
	 * Which bulk write recorded the email as sent (a fresh value per write): the sender
	 * reads it to tell which of a batch that write recorded, as the claims it had lost
	 * were not.
	 */
	private String recordedBy;

	/**
	 * While it may be claimed now (waiting and its time has come, or its lease ran out),
	 * the {@link #dueKey time it became due and its id}; absent otherwise.
	 */
	@Indexed(unique = true, sparse = true)
	private String due;

	/**
	 * The delivery's id while it waits for a later time ({@code nextAttemptAt}): a retry
	 * after a failed attempt, or a postponed follow-up; absent otherwise. The poll finds
	 * these by this index alone, so it never reads the sent history.
	 */
	@Indexed(unique = true, sparse = true)
	private String waiting;

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

	/** Marks the delivery due at once (as when it is opened). */
	void dueNow() {
		this.due = dueKey(this.nextAttemptAt, this.id);
	}

	/**
	 * Makes the delivery held by a sender from the start (as when it is opened with a
	 * sender free to send it), as a claim would: being sent, under this lease.
	 */
	void heldFromTheStart(String leaseToken, Instant leaseUntil) {
		this.status = DeliveryStatus.SENDING;
		this.leaseToken = leaseToken;
		this.leaseUntil = leaseUntil;
	}

	/**
	 * The value of {@code due} for a delivery due since that time: the time in
	 * milliseconds, as 13 digits (until the year 2286), then the id. In the index's
	 * order, those due longest come first, so a claim takes them first by reading the
	 * index's first entry. (Deliveries made due by an earlier version have their id
	 * alone, and are claimed in the order of their ids among the others.)
	 */
	static String dueKey(Instant since, String id) {
		return String.format("%013d/%s", (since != null) ? since.toEpochMilli() : 0, id);
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

	boolean isDue() {
		return this.due != null;
	}

	String getRecordedBy() {
		return this.recordedBy;
	}

	String getDue() {
		return this.due;
	}

	boolean isWaiting() {
		return this.waiting != null;
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
