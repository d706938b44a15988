package org.keycities.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Every email this service means to send, has sent or gave up on. All state changes are
 * single-document atomic updates, conditional on the state they leave, so two senders (or
 * two instances) never both send one delivery.
 */
@Component
public class DeliveryLog {

	private static final List<DeliveryStatus> WAITING = List.of(DeliveryStatus.PENDING, DeliveryStatus.RETRYING);

	private final MongoTemplate mongo;

	private final Clock clock;

	private final DeliveryTrace trace;

	DeliveryLog(MongoTemplate mongo, Clock clock, DeliveryTrace trace) {
		this.mongo = mongo;
		this.clock = clock;
		this.trace = trace;
	}

	/**
	 * Claims the delivery's key; {@code false} when a delivery with that key exists
	 * already (the event was seen before).
	 */
	public boolean open(DeliveryRequest request) {
		Delivery delivery = new Delivery(UUID.randomUUID().toString(), request.key(), request.groupId(),
				request.recipientId(), request.email(), request.kind(), request.milestoneId(),
				request.milestoneVersion(), request.eventId(), request.eventTime(), request.relatesTo(),
				request.milestoneIds(), this.clock.instant(), this.trace.current());
		try {
			this.mongo.insert(delivery);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Deliveries about this milestone that went out, or are going out right now: their
	 * recipients have read (or will read) about it.
	 */
	public List<Delivery> emailedAbout(String milestoneId) {
		List<DeliveryStatus> out = List.of(DeliveryStatus.SENT, DeliveryStatus.SENDING);
		Criteria single = Criteria.where("milestoneId")
			.is(milestoneId)
			.and("kind")
			.in(DeliveryKind.IMMEDIATE, DeliveryKind.UPDATE)
			.and("status")
			.in(out);
		Criteria digest = Criteria.where("milestoneIds")
			.is(milestoneId)
			.and("kind")
			.is(DeliveryKind.DIGEST)
			.and("status")
			.in(out);
		return this.mongo.find(Query.query(new Criteria().orOperator(single, digest)).with(Sort.by("createdAt")),
				Delivery.class);
	}

	/** Cancels what was not sent yet about a withdrawn milestone. */
	public long cancelWaiting(String milestoneId) {
		Query query = Query.query(Criteria.where("milestoneId")
			.is(milestoneId)
			.and("kind")
			.in(DeliveryKind.IMMEDIATE, DeliveryKind.UPDATE)
			.and("status")
			.in(WAITING));
		return this.mongo
			.updateMulti(query,
					new Update().set("status", DeliveryStatus.CANCELLED)
						.set("lastError", "The milestone was withdrawn before this email was sent")
						.set("updatedAt", this.clock.instant()),
					Delivery.class)
			.getModifiedCount();
	}

	public Optional<Delivery> find(String id) {
		return Optional.ofNullable(this.mongo.findById(id, Delivery.class));
	}

	public List<Delivery> search(String groupId, DeliveryStatus status, String recipient, String eventId, int limit) {
		Criteria criteria = Criteria.where("groupId").is(groupId);
		if (status != null) {
			criteria.and("status").is(status);
		}
		if (recipient != null && !recipient.isBlank()) {
			criteria.and(recipient.contains("@") ? "email" : "recipientId").is(recipient.strip());
		}
		if (eventId != null && !eventId.isBlank()) {
			criteria.and("eventId").is(eventId.strip());
		}
		return this.mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(limit),
				Delivery.class);
	}

	long count(List<DeliveryStatus> statuses) {
		return this.mongo.count(Query.query(Criteria.where("status").in(statuses)), Delivery.class);
	}

	/**
	 * Takes the next due delivery for this sender: one waiting whose time has come, or
	 * one whose sender's lease ran out (it crashed mid-send).
	 */
	Optional<Delivery> claimNext(Duration lease) {
		Instant now = this.clock.instant();
		Criteria due = Criteria.where("status").in(WAITING).and("nextAttemptAt").lte(now);
		Criteria abandoned = Criteria.where("status").is(DeliveryStatus.SENDING).and("leaseUntil").lte(now);
		Query query = Query.query(new Criteria().orOperator(due, abandoned)).with(Sort.by("nextAttemptAt"));
		Update update = new Update().set("status", DeliveryStatus.SENDING)
			.set("leaseUntil", now.plus(lease))
			.set("leaseToken", UUID.randomUUID().toString())
			.set("updatedAt", now);
		return Optional.ofNullable(this.mongo.findAndModify(query, update,
				FindAndModifyOptions.options().returnNew(true), Delivery.class));
	}

	boolean markSent(Delivery delivery, String subject, String html, String text) {
		Instant now = this.clock.instant();
		Update update = new Update().set("status", DeliveryStatus.SENT)
			.inc("attempts", 1)
			.set("sentAt", now)
			.set("updatedAt", now)
			.set("lastError", null)
			.unset("leaseUntil")
			.set("subject", subject)
			.set("html", html)
			.set("text", text)
			.push("attemptLog", new Delivery.Attempt(delivery.getAttempts() + 1, now, DeliveryStatus.SENT, null));
		return whileHeld(delivery, update);
	}

	/** Records a failed attempt: RETRYING at {@code next}, or FAILED when null. */
	boolean markFailed(Delivery delivery, String error, Instant next) {
		Instant now = this.clock.instant();
		DeliveryStatus outcome = next == null ? DeliveryStatus.FAILED : DeliveryStatus.RETRYING;
		Update update = new Update().set("status", outcome)
			.inc("attempts", 1)
			.set("lastError", error)
			.set("updatedAt", now)
			.unset("leaseUntil")
			.push("attemptLog", new Delivery.Attempt(delivery.getAttempts() + 1, now, outcome, error));
		if (next != null) {
			update.set("nextAttemptAt", next);
		}
		return whileHeld(delivery, update);
	}

	boolean cancel(Delivery delivery, String reason) {
		return whileHeld(delivery,
				new Update().set("status", DeliveryStatus.CANCELLED)
					.set("lastError", reason)
					.set("updatedAt", this.clock.instant())
					.unset("leaseUntil"));
	}

	/** Puts a delivery back without counting an attempt, e.g. to wait for another. */
	boolean postpone(Delivery delivery, Instant until) {
		return whileHeld(delivery,
				new Update().set("status", DeliveryStatus.PENDING)
					.set("nextAttemptAt", until)
					.set("updatedAt", this.clock.instant())
					.unset("leaseUntil"));
	}

	/** Only the sender holding the lease may record the outcome. */
	private boolean whileHeld(Delivery delivery, Update update) {
		Query held = Query.query(Criteria.where("_id")
			.is(delivery.getId())
			.and("status")
			.is(DeliveryStatus.SENDING)
			.and("leaseToken")
			.is(delivery.getLeaseToken()));
		return this.mongo.updateFirst(held, update, Delivery.class).getModifiedCount() == 1;
	}

}
