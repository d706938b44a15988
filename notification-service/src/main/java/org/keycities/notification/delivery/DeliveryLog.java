package org.keycities.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.bson.Document;
import org.keycities.activity.events.TimeOrderedIds;
import org.keycities.intake.Inserts;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
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
		try {
			this.mongo.insert(dueNow(request));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Opens each delivery whose key is not taken yet (see {@link #open}), all in one
	 * unordered bulk insert: one round trip for a milestone's emails to every recipient
	 * of its group instead of one each.
	 * @return how many were opened
	 */
	public int openAll(List<DeliveryRequest> requests) {
		if (requests.isEmpty()) {
			return 0;
		}
		return insertNew(requests.stream().map(this::dueNow).toList()).size();
	}

	/**
	 * Opens each delivery whose key is not taken yet, as {@link #openAll} does, but held
	 * by the caller from the start, as {@link #claim} would leave it (each with a lease
	 * token of its own, under the lease): the caller sends them without claiming them. If
	 * it stops before recording them, their lease runs out and the poll makes them due
	 * again ({@link #markDue}), as for any claim.
	 * @return the deliveries opened, held by the caller; not those whose key was taken
	 */
	List<Delivery> openHeld(List<DeliveryRequest> requests, Duration lease) {
		if (requests.isEmpty()) {
			return List.of();
		}
		List<Delivery> opened = new ArrayList<>(requests.size());
		for (DeliveryRequest request : requests) {
			Delivery delivery = newDelivery(request);
			delivery.heldFromTheStart(TimeOrderedIds.next(), delivery.getCreatedAt().plus(lease));
			opened.add(delivery);
		}
		return insertNew(opened);
	}

	/**
	 * Inserts the deliveries in one unordered bulk insert.
	 * @return those inserted: not those whose key was taken (the event was seen before)
	 */
	private List<Delivery> insertNew(List<Delivery> opened) {
		Set<Integer> taken = Inserts.insertFree(this.mongo, Delivery.class, opened);
		if (taken.isEmpty()) {
			return opened;
		}
		List<Delivery> inserted = new ArrayList<>(opened.size() - taken.size());
		for (int i = 0; i < opened.size(); i++) {
			if (!taken.contains(i)) {
				inserted.add(opened.get(i));
			}
		}
		return inserted;
	}

	/**
	 * A new delivery, due at once: the next claim takes it without waiting for the poll.
	 */
	private Delivery dueNow(DeliveryRequest request) {
		Delivery delivery = newDelivery(request);
		delivery.dueNow();
		return delivery;
	}

	private Delivery newDelivery(DeliveryRequest request) {
		return new Delivery(TimeOrderedIds.next(), request.key(), request.groupId(), request.recipientId(),
				request.email(), request.kind(), request.milestoneId(), request.milestoneVersion(), request.eventId(),
				request.eventTime(), request.relatesTo(), request.milestoneIds(), this.clock.instant(),
				(request.traceparent() != null) ? request.traceparent() : this.trace.current());
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
	 * Takes up to {@code limit} due deliveries for this sender, those due longest first
	 * (see {@link #markDue}), in three round trips whatever their number: one query reads
	 * them by the index on {@code due} alone (in that index's order, so the local stack's
	 * server reads only as many entries and deliveries as it returns, as MongoDB does);
	 * one unordered bulk write claims each, on condition that it is still due as read (so
	 * one claimed or cancelled meanwhile, here or by another instance, is left to that
	 * claim) and with a lease token of its own; one query by those tokens reads back the
	 * deliveries this sender now holds.
	 * @return the deliveries claimed, those due longest first
	 */
	List<Delivery> claim(int limit, Duration lease) {
		Query dueFirst = Query.query(Criteria.where("due").regex("^")).with(Sort.by("due")).limit(limit);
		dueFirst.fields().include("due");
		List<Delivery> due = this.mongo.find(dueFirst, Delivery.class);
		if (due.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		Map<String, Integer> order = new HashMap<>();
		BulkOperations claims = this.mongo.bulkOps(BulkMode.UNORDERED, Delivery.class);
		for (Delivery found : due) {
			// time-ordered, so the lease token index grows at its end
			String token = TimeOrderedIds.next();
			order.put(token, order.size());
			claims.updateOne(Query.query(Criteria.where("due").is(found.getDue())),
					new Update().set("status", DeliveryStatus.SENDING)
						.set("leaseUntil", now.plus(lease))
						.set("leaseToken", token)
						.set("updatedAt", now)
						.unset("due")
						.unset("waiting"));
		}
		if (claims.execute().getModifiedCount() == 0) {
			return List.of();
		}
		List<Delivery> claimed = new ArrayList<>(
				this.mongo.find(Query.query(Criteria.where("leaseToken").in(order.keySet())), Delivery.class));
		claimed.sort(Comparator.comparing((delivery) -> order.get(delivery.getLeaseToken())));
		return claimed;
	}

	/** A sent email, to be recorded on its delivery. */
	record Sent(Delivery delivery, String subject, String html, String text) {
	}

	/**
	 * Records the emails as sent, each only while this sender holds its claim (see
	 * {@link #whileHeld}), in one unordered bulk write: one round trip for a batch's
	 * outcomes instead of one each.
	 * @return the ids of the deliveries recorded: all of them unless a claim was lost
	 */
	Set<String> markSent(List<Sent> emails) {
		Instant now = this.clock.instant();
		String write = UUID.randomUUID().toString();
		List<Sent> held = emails.stream().filter((sent) -> sent.delivery().getLeaseToken() != null).toList();
		if (held.isEmpty()) {
			return Set.of();
		}
		BulkOperations outcomes = this.mongo.bulkOps(BulkMode.UNORDERED, Delivery.class);
		for (Sent sent : held) {
			Delivery delivery = sent.delivery();
			Update update = new Update().set("status", DeliveryStatus.SENT)
				.inc("attempts", 1)
				.set("sentAt", now)
				.set("updatedAt", now)
				.set("lastError", null)
				.unset("leaseUntil")
				.set("subject", sent.subject())
				.set("html", sent.html())
				.set("text", sent.text())
				.push("attemptLog", new Delivery.Attempt(delivery.getAttempts() + 1, now, DeliveryStatus.SENT, null));
			outcomes.updateOne(held(delivery), finishClaim(update.set("recordedBy", write)));
		}
		Set<String> ids = held.stream().map((sent) -> sent.delivery().getId()).collect(Collectors.toSet());
		if (outcomes.execute().getModifiedCount() == held.size()) {
			return ids;
		}
		// a claim was lost (its lease ran out and another sender took the delivery): the
		// bulk result does not say which, the deliveries do
		// (by _id alone, which the local stack's server reads by its index)
		Query recorded = Query.query(Criteria.where("_id").in(ids));
		recorded.fields().include("recordedBy");
		return this.mongo.find(recorded, Delivery.class)
			.stream()
			.filter((delivery) -> write.equals(delivery.getRecordedBy()))
			.map(Delivery::getId)
			.collect(Collectors.toSet());
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
		return this.mongo.updateFirst(held(delivery), finishClaim(update), Delivery.class).getModifiedCount() == 1;
	}

	/** The delivery, found only while its claim is held (see {@link #whileHeld}). */
	private static Query held(Delivery delivery) {
		return Query.query(Criteria.where("leaseToken").is(delivery.getLeaseToken()));
	}

	/** The outcome's update, ending the claim. */
	private static Update finishClaim(Update update) {
		update.unset("leaseToken").unset("due");
		if (!update.modifies("waiting")) {
			update.unset("waiting");
		}
		return update;
	}

}
