package org.keycities.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.bson.Document;

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
 * <p>
 * Sending touches only what is due or held, never the whole log (which keeps every email
 * sent): a delivery is claimed by the unique index on {@code due}, which holds only the
 * deliveries that may be claimed now, and an outcome is recorded by the unique index on
 * {@code leaseToken}, which holds only the claims being sent. A delivery becomes due when
 * it is opened, or when the scheduled poll finds its time has come ({@link #markDue}):
 * deliveries that wait for a later time are held by the unique index on {@code waiting}.
 */
@Component
public class DeliveryLog {

	private static final List<DeliveryStatus> WAITING = List.of(DeliveryStatus.PENDING, DeliveryStatus.RETRYING);

	private final MongoTemplate mongo;

	private final Clock clock;

	private final DeliveryTrace trace;

	/**
	 * Whether the poll read the whole log once since start-up (see
	 * {@link #markDueReadingTheWholeLog}); only the one sending loop reads and sets it.
	 */
	private volatile boolean wholeLogRead;

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
		// due at once: the next claim takes it without waiting for the poll
		delivery.dueNow();
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
						.set("updatedAt", this.clock.instant())
						.unset("due")
						.unset("waiting"),
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

	/**
	 * How many deliveries are not sent yet: those marked due (to be claimed now, a claim
	 * whose lease ran out among them) and those waiting for a later time. Read through
	 * the indexes on {@code due} and {@code waiting} alone, since the metrics are read at
	 * every scrape: counting by status read the whole log, every email sent with it.
	 */
	long countNotSent() {
		return countHolding("due", (found) -> true) + countHolding("waiting", (found) -> true);
	}

	/**
	 * How many deliveries wait for a retry after a failed send (see
	 * {@link #countNotSent}).
	 */
	long countRetrying() {
		return countHolding("waiting", (found) -> DeliveryStatus.RETRYING.name().equals(found.get("status")));
	}

	/**
	 * Counts the deliveries that have the field and pass the test, reading them by that
	 * field's sparse unique index alone (a find, as a count is an aggregation, which the
	 * local stack's server answers by reading every document).
	 */
	private long countHolding(String field, Predicate<Document> test) {
		Query holding = Query.query(Criteria.where(field).regex("^"));
		holding.fields().include("status");
		long count = 0;
		for (Document found : this.mongo.find(holding, Document.class, this.mongo.getCollectionName(Delivery.class))) {
			if (test.test(found)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Marks due every delivery whose time has come and that is not marked yet: one
	 * waiting whose {@code nextAttemptAt} has passed, or one whose sender's lease ran out
	 * (it crashed mid-send). Only the scheduled poll calls it. It reads only the
	 * deliveries that wait (by the index on {@code waiting}) and the claims being sent
	 * (by the index on {@code leaseToken}), never the sent history; except the first time
	 * after start-up, see {@link #markDueReadingTheWholeLog}. Each mark is conditional on
	 * the delivery being as it was read (the same waiting status and time, or the same
	 * claim), so a delivery claimed, sent or cancelled meanwhile is never marked.
	 * @return how many were marked
	 */
	long markDue() {
		Instant now = this.clock.instant();
		if (!this.wholeLogRead) {
			long marked = markDueReadingTheWholeLog(now);
			this.wholeLogRead = true;
			return marked;
		}
		// any value: queries on one unique index alone, which read only its entries
		Query waiting = Query.query(Criteria.where("waiting").regex("^"));
		waiting.fields().include("status", "nextAttemptAt");
		long marked = 0;
		for (Delivery found : this.mongo.find(waiting, Delivery.class)) {
			if (!found.getNextAttemptAt().isAfter(now)) {
				marked += markWaiting(found, dueAfterWaiting(found));
			}
		}
		Query held = Query.query(Criteria.where("leaseToken").regex("^"));
		held.fields().include("leaseToken", "leaseUntil", "due");
		for (Delivery found : this.mongo.find(held, Delivery.class)) {
			if (!found.isDue() && found.getLeaseUntil() != null && !found.getLeaseUntil().isAfter(now)) {
				marked += markAbandoned(found);
			}
		}
		return marked;
	}

	/**
	 * The first poll after start-up reads the whole log once: deliveries stored by an
	 * earlier version wait without the {@code waiting} field and would never be found by
	 * its index. Each is marked due if its time has come, or given the field; claims of
	 * that version kept their lease token after the outcome, so those tokens go too (or
	 * every poll would read those deliveries through the token's index).
	 */
	private long markDueReadingTheWholeLog(Instant now) {
		this.mongo.updateMulti(
				Query.query(Criteria.where("status").ne(DeliveryStatus.SENDING).and("leaseToken").exists(true)),
				new Update().unset("leaseToken"), Delivery.class);
		Criteria waiting = Criteria.where("status").in(WAITING);
		Criteria abandoned = Criteria.where("status").is(DeliveryStatus.SENDING).and("leaseUntil").lte(now);
		Query query = Query.query(new Criteria().andOperator(Criteria.where("due").exists(false),
				new Criteria().orOperator(waiting, abandoned)));
		query.fields().include("status", "nextAttemptAt", "leaseToken", "waiting");
		long marked = 0;
		for (Delivery found : this.mongo.find(query, Delivery.class)) {
			if (found.getStatus() == DeliveryStatus.SENDING) {
				marked += markAbandoned(found);
			}
			else if (!found.getNextAttemptAt().isAfter(now)) {
				marked += markWaiting(found, dueAfterWaiting(found));
			}
			else if (!found.isWaiting()) {
				markWaiting(found, new Update().set("waiting", found.getId()));
			}
		}
		return marked;
	}

	/** Marks a waiting delivery due, since the time it waited for. */
	private static Update dueAfterWaiting(Delivery found) {
		return new Update().set("due", Delivery.dueKey(found.getNextAttemptAt(), found.getId())).unset("waiting");
	}

	/** Updates a waiting delivery if it is still as it was read. */
	private long markWaiting(Delivery found, Update update) {
		// matches the compound unique index waiting_since
		Query unchanged = Query.query(Criteria.where("_id")
			.is(found.getId())
			.and("status")
			.is(found.getStatus())
			.and("nextAttemptAt")
			.is(found.getNextAttemptAt()));
		return this.mongo.updateFirst(unchanged, update, Delivery.class).getModifiedCount();
	}

	/** Marks due a claim whose lease ran out, if it is still the same claim. */
	private long markAbandoned(Delivery found) {
		if (found.getLeaseToken() == null) {
			return 0;
		}
		// the same claim, not recorded nor claimed again since
		Query unchanged = Query.query(Criteria.where("leaseToken").is(found.getLeaseToken()));
		return this.mongo
			.updateFirst(unchanged, new Update().set("due", Delivery.dueKey(found.getLeaseUntil(), found.getId())),
					Delivery.class)
			.getModifiedCount();
	}

	/**
	 * Takes the next due delivery for this sender (see {@link #markDue}). Reads only the
	 * deliveries marked due.
	 */
	Optional<Delivery> claimNext(Duration lease) {
		Instant now = this.clock.instant();
		// any value: a query on the unique index of due alone, in that index's order (the
		// longest due first), so the local stack's server reads one entry and one
		// delivery, as MongoDB does
		Query query = Query.query(Criteria.where("due").regex("^")).with(Sort.by("due"));
		Update update = new Update().set("status", DeliveryStatus.SENDING)
			.set("leaseUntil", now.plus(lease))
			.set("leaseToken", UUID.randomUUID().toString())
			.set("updatedAt", now)
			.unset("due")
			.unset("waiting");
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
			// found by the next polls through the index on waiting alone
			update.set("nextAttemptAt", next).set("waiting", delivery.getId());
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
					.set("waiting", delivery.getId())
					.set("updatedAt", this.clock.instant())
					.unset("leaseUntil"));
	}

	/**
	 * Only the sender holding the claim may record the outcome: its lease token is a
	 * fresh value per claim, set only while the delivery is SENDING, so the query on the
	 * token's unique index finds the delivery only for its holder. Recording the outcome
	 * ends the claim (the token goes), and a delivery marked due because its lease ran
	 * out is no longer due once its holder recorded it after all.
	 */
	private boolean whileHeld(Delivery delivery, Update update) {
		if (delivery.getLeaseToken() == null) {
			return false;
		}
		Query held = Query.query(Criteria.where("leaseToken").is(delivery.getLeaseToken()));
		update.unset("leaseToken").unset("due");
		if (!update.modifies("waiting")) {
			update.unset("waiting");
		}
		return this.mongo.updateFirst(held, update, Delivery.class).getModifiedCount() == 1;
	}

}
