package org.keycities.notification.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.events.MalformedEventException;
import org.keycities.activity.events.MilestoneAmended;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneWithdrawn;
import org.keycities.activity.events.Patience;
import org.keycities.intake.Attempts;
import org.keycities.intake.DeadLetters;
import org.keycities.intake.Incoming;
import org.keycities.intake.Inserts;
import org.keycities.intake.Traces;
import org.keycities.notification.config.NotificationSettings;
import org.keycities.notification.delivery.Delivery;
import org.keycities.notification.delivery.DeliveryKind;
import org.keycities.notification.delivery.DeliveryLog;
import org.keycities.notification.delivery.DeliveryRequest;
import org.keycities.notification.delivery.DeliverySender;
import org.keycities.notification.delivery.DeliveryTrace;
import org.keycities.notification.digest.DigestItems;
import org.keycities.notification.recipient.Frequency;
import org.keycities.notification.recipient.Subscriber;
import org.keycities.notification.recipient.Subscribers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Turns events from {@code activity-events} into deliveries and digest items. It never
 * sends mail: deliveries are claimed by unique key here and sent by the
 * {@link DeliverySender}, so a slow or absent mail server never holds up the topic. Every
 * step is idempotent, so an event seen twice (same {@code ce_id}, or the same version
 * under a new one) changes nothing the second time.
 */
@Component
class EventIngest {

	private static final Logger log = LoggerFactory.getLogger(EventIngest.class);

	/**
	 * How many of a milestone's emails are opened in one write: a group's first hundred
	 * recipients' emails are being sent while the next are opened.
	 */
	private static final int OPEN_TOGETHER = 100;

	private final EventCodec codec = new EventCodec();

	private final MongoTemplate mongo;

	private final Subscribers subscribers;

	private final DeliveryLog deliveries;

	private final DigestItems digestItems;

	private final DeliverySender sender;

	private final Clock clock;

	private final Counter skipped;

	private final Counter duplicates;

	private final Patience patience;

	private final Attempts attempts;

	private final DeadLetters deadLetters;

	private final DeliveryTrace trace;

	EventIngest(MongoTemplate mongo, Subscribers subscribers, DeliveryLog deliveries, DigestItems digestItems,
			DeliverySender sender, Clock clock, MeterRegistry registry, NotificationSettings settings,
			DeadLetters deadLetters, DeliveryTrace trace) {
		this.mongo = mongo;
		this.attempts = settings.ingest().attemptsAtAnEvent();
		this.deadLetters = deadLetters;
		this.trace = trace;
		this.subscribers = subscribers;
		this.deliveries = deliveries;
		this.digestItems = digestItems;
		this.sender = sender;
		this.clock = clock;
		this.skipped = Counter.builder("events.skipped")
			.description("Events of a type this service does not know, skipped")
			.register(registry);
		this.duplicates = Counter.builder("events.duplicates")
			.description("Events seen before (same ce_id), skipped")
			.register(registry);
		this.patience = new Patience(settings.ingest().mongoPatience(), DataAccessResourceFailureException.class,
				(failure, pause) -> log.warn("MongoDB is unreachable ({}); trying again in {} ms", failure.getMessage(),
						pause.toMillis()));
	}

	/**
	 * Takes in a batch of records as read from one partition, in their order. Records of
	 * milestones recorded one after another are taken in together, a few writes for them
	 * all; any other record alone. A record that cannot be read, or whose taking in keeps
	 * failing, goes to the dead-letter topic by itself and the rest of the batch goes on.
	 * A MongoDB outage is waited out (see {@link Patience}) before it counts as a
	 * failure.
	 */
	void acceptAll(List<Incoming> batch) {
		List<Taken> recorded = new ArrayList<>();
		for (Incoming record : batch) {
			String type = record.header(CloudEventHeaders.TYPE);
			if (!EventTypes.isKnown(type)) {
				this.skipped.increment();
				log.info("Skipped an event of unknown type {}", type);
				continue;
			}
			ActivityEvent event;
			try {
				event = this.codec.read(type, record.body());
			}
			catch (MalformedEventException ex) {
				// it stays malformed however often it is read
				this.deadLetters.send(record, ex);
				continue;
			}
			String id = Objects.requireNonNullElse(record.header(CloudEventHeaders.ID),
					type + ":" + event.subject() + ":" + event.aggregateVersion());
			Taken taken = new Taken(record, event, type, id, time(record.header(CloudEventHeaders.TIME)),
					record.header(Traces.TRACEPARENT));
			if (event instanceof MilestoneRecorded) {
				recorded.add(taken);
			}
			else {
				takeTogether(recorded);
				takeAlone(taken);
			}
		}
		takeTogether(recorded);
	}

	/**
	 * Takes in one record in a span of its producer's trace, trying again a few times;
	 * after the last attempt it goes to the dead-letter topic.
	 */
	private void takeAlone(Taken taken) {
		RuntimeException failure = this.attempts.run(
				() -> this.trace.continuing(taken.traceparent(), "take in " + taken.type(),
						() -> this.patience.run(() -> take(taken.event(), taken.type(), taken.id(), taken.time()))),
				(attempt, ex) -> log.warn("Could not take in the event {} (attempt {} of {}): {}", taken.id(), attempt,
						this.attempts.max(), ex.toString()));
		if (failure != null) {
			this.deadLetters.send(taken.record(), failure);
		}
	}

	/**
	 * Takes in records of recorded milestones together: one insert of the milestones, one
	 * read of each group's subscribers, one insert of the deliveries and one of the
	 * remembered events. Should any of it fail, each record is taken in alone (every step
	 * is idempotent, so what went in already changes nothing). Empties the list.
	 */
	private void takeTogether(List<Taken> recorded) {
		if (recorded.isEmpty()) {
			return;
		}
		try {
			this.patience.run(() -> takeRecorded(recorded));
		}
		catch (RuntimeException ex) {
			log.warn("Could not take in {} recorded milestones together ({}); taking each alone", recorded.size(),
					ex.toString());
			recorded.forEach(this::takeAlone);
		}
		finally {
			recorded.clear();
		}
	}

	private void takeRecorded(List<Taken> recorded) {
		List<KnownMilestone> milestones = new ArrayList<>(recorded.size());
		for (Taken taken : recorded) {
			MilestoneSnapshot milestone = ((MilestoneRecorded) taken.event()).milestone();
			milestones.add(new KnownMilestone(milestone.id(), milestone.groupId(), milestone.version(), milestone,
					false, this.clock.instant()));
		}
		Set<Integer> heldAlready = Inserts.insertFree(this.mongo, KnownMilestone.class, milestones);
		Map<String, List<Subscriber>> subscribersOf = new HashMap<>();
		List<DeliveryRequest> immediate = new ArrayList<>();
		List<Document> remembered = new ArrayList<>();
		List<Taken> seenBefore = new ArrayList<>();
		for (int i = 0; i < recorded.size(); i++) {
			Taken taken = recorded.get(i);
			if (heldAlready.contains(i)) {
				// seen before, or a version already held: the usual way, below
				seenBefore.add(taken);
				continue;
			}
			KnownMilestone known = milestones.get(i);
			if (!known.isWithdrawn()) {
				MilestoneSnapshot milestone = known.snapshot();
				for (Subscriber recipient : subscribersOf.computeIfAbsent(milestone.groupId(), this.subscribers::in)) {
					open(recipient, milestone, taken.id(), taken.time(), taken.traceparent(), immediate);
				}
			}
			remembered.add(remembered(taken.id(), taken.type(), taken.event().subject()));
		}
		openNow(immediate);
		if (!remembered.isEmpty()) {
			Inserts.insertFree(this.mongo, ProcessedEvent.class, remembered);
		}
		seenBefore.forEach((taken) -> this.trace.continuing(taken.traceparent(), "take in " + taken.type(),
				() -> take(taken.event(), taken.type(), taken.id(), taken.time())));
	}

	/**
	 * Adds the recipient's immediate email to the list, opening the list's deliveries
	 * once it is full, or their digest item.
	 */
	private void open(Subscriber recipient, MilestoneSnapshot milestone, String eventId, Instant time,
			String traceparent, List<DeliveryRequest> immediate) {
		if (!recipient.wants(milestone)) {
			return;
		}
		if (recipient.frequency() == Frequency.WEEKLY_DIGEST) {
			this.digestItems.add(milestone.groupId(), recipient.id(), milestone.id(), eventId, time);
			return;
		}
		immediate.add(request(DeliveryKind.IMMEDIATE, milestone, recipient.id(), recipient.email(), eventId, time, null,
				traceparent));
		if (immediate.size() == OPEN_TOGETHER) {
			openNow(immediate);
		}
	}

	private Document remembered(String eventId, String type, String subject) {
		// the document ProcessedEvent maps to, as the driver writes it: one for every
		// event, and Spring Data's mapping cost more than the insert
		return new Document("_id", eventId).append("type", type)
			.append("subject", subject)
			.append("processedAt", Date.from(this.clock.instant()));
	}

	private void take(ActivityEvent event, String type, String id, Instant time) {
		// most events record a milestone not seen before: inserting it first proves the
		// event new (an event is remembered only after its milestone is stored, and known
		// milestones are never removed), so it needs no duplicate check nor version read
		KnownMilestone first = (event instanceof MilestoneRecorded recorded) ? insert(recorded.milestone()) : null;
		// by _id alone, which reads one document: exists() counts, which reads them all
		if (first == null && this.mongo.findById(id, ProcessedEvent.class) != null) {
			this.duplicates.increment();
			return;
		}
		// whatever opens deliveries nudges the sender as it does
		if (event instanceof GroupChanged group) {
			onGroupChanged(group);
		}
		else if (event instanceof MilestoneRecorded recorded) {
			onRecorded(recorded.milestone(), id, time, first);
		}
		else if (event instanceof MilestoneAmended amended) {
			onAmended(amended.milestone(), id, time);
		}
		else if (event instanceof MilestoneWithdrawn withdrawn) {
			onWithdrawn(withdrawn.milestone(), id, time);
		}
		try {
			Document remembered = remembered(id, type, event.subject());
			this.mongo.execute(ProcessedEvent.class, (events) -> events.insertOne(remembered));
		}
		catch (DuplicateKeyException ex) {
			// another consumer finished it at the same time; everything above was
			// idempotent
		}
	}

	private void onGroupChanged(GroupChanged group) {
		Query olderOrAbsent = Query.query(Criteria.where("_id").is(group.groupId()).and("version").lt(group.version()));
		Update update = new Update().set("name", group.name()).set("version", group.version());
		try {
			this.mongo.upsert(olderOrAbsent, update, KnownGroup.class);
		}
		catch (DuplicateKeyException ex) {
			// a newer version is held already
		}
	}

	/**
	 * @param inserted the milestone as just stored for the first time, or null to apply
	 * it as any other change
	 */
	private void onRecorded(MilestoneSnapshot milestone, String eventId, Instant time, KnownMilestone inserted) {
		KnownMilestone known = (inserted != null) ? inserted : apply(milestone);
		if (known == null || known.version() != milestone.version() || known.isWithdrawn()) {
			return;
		}
		List<DeliveryRequest> immediate = new ArrayList<>();
		for (Subscriber recipient : this.subscribers.in(milestone.groupId())) {
			// no traceparent: the delivery takes the current trace, this event's
			open(recipient, milestone, eventId, time, null, immediate);
		}
		openNow(immediate);
	}

	/**
	 * Opens the deliveries in one write and empties the list; they are sent at once (see
	 * {@link DeliverySender#open}), so that a large group's first emails go out while the
	 * rest are being opened.
	 */
	private void openNow(List<DeliveryRequest> requests) {
		this.sender.open(requests);
		requests.clear();
	}

	private void onAmended(MilestoneSnapshot milestone, String eventId, Instant time) {
		KnownMilestone known = apply(milestone);
		if (known == null || known.version() != milestone.version() || !known.changedForReaders()
				|| known.isWithdrawn()) {
			return;
		}
		Set<String> told = new HashSet<>();
		for (Delivery earlier : this.deliveries.emailedAbout(milestone.id())) {
			if (earlier.getKind() != DeliveryKind.DIGEST && told.add(earlier.getRecipientId())) {
				open(DeliveryKind.UPDATE, milestone, earlier.getRecipientId(), earlier.getEmail(), eventId, time,
						earlier.getId());
			}
		}
	}

	private void onWithdrawn(MilestoneSnapshot milestone, String eventId, Instant time) {
		KnownMilestone known = apply(milestone);
		if (known == null || known.version() != milestone.version()) {
			return;
		}
		// the copy says withdrawn first, so a sender claiming from now on cancels instead
		this.deliveries.cancelWaiting(milestone.id());
		this.digestItems.cancelWaiting(milestone.id());
		Set<String> told = new HashSet<>();
		for (Delivery earlier : this.deliveries.emailedAbout(milestone.id())) {
			if (told.add(earlier.getRecipientId())) {
				open(DeliveryKind.CORRECTION, milestone, earlier.getRecipientId(), earlier.getEmail(), eventId, time,
						earlier.getId());
			}
		}
	}

	/** Opens one delivery and, if it was not open already, nudges the sender. */
	private void open(DeliveryKind kind, MilestoneSnapshot milestone, String recipientId, String email, String eventId,
			Instant time, String relatesTo) {
		if (this.deliveries.open(request(kind, milestone, recipientId, email, eventId, time, relatesTo, null))) {
			this.sender.nudge();
		}
	}

	private static DeliveryRequest request(DeliveryKind kind, MilestoneSnapshot milestone, String recipientId,
			String email, String eventId, Instant time, String relatesTo, String traceparent) {
		return new DeliveryRequest(kind,
				DeliveryRequest.key(kind, milestone.id(), "v" + milestone.version(), recipientId), milestone.groupId(),
				recipientId, email, milestone.id(), milestone.version(), eventId, time, relatesTo, null, traceparent);
	}

	/**
	 * Keeps the milestone's state if it is newer than the one held, and returns what is
	 * held afterwards. Each write is conditional on the held version being as read, by
	 * {@code _id} and {@code version} alone (the compound unique index of
	 * {@link KnownMilestone}), so it reads no other milestone; a write that lost to a
	 * concurrent one reads again.
	 */
	private KnownMilestone apply(MilestoneSnapshot milestone) {
		KnownMilestone held = this.mongo.findById(milestone.id(), KnownMilestone.class);
		while (held == null || held.version() < milestone.version()) {
			KnownMilestone written = (held == null) ? insert(milestone) : replace(held, milestone);
			held = (written != null) ? written : this.mongo.findById(milestone.id(), KnownMilestone.class);
		}
		return held;
	}

	private KnownMilestone insert(MilestoneSnapshot milestone) {
		try {
			return this.mongo.insert(new KnownMilestone(milestone.id(), milestone.groupId(), milestone.version(),
					milestone, false, this.clock.instant()));
		}
		catch (DuplicateKeyException ex) {
			return null;
		}
	}

	/** Replaces the held state if it did not change since read; null if it did. */
	private KnownMilestone replace(KnownMilestone held, MilestoneSnapshot milestone) {
		boolean changed = !Objects.equals(held.snapshot().title(), milestone.title())
				|| !Objects.equals(held.snapshot().date(), milestone.date())
				|| !Objects.equals(held.snapshot().description(), milestone.description());
		Query unchanged = Query.query(Criteria.where("_id").is(held.id()).and("version").is(held.version()));
		Update update = new Update().set("groupId", milestone.groupId())
			.set("version", milestone.version())
			.set("snapshot", milestone)
			.set("changedForReaders", changed);
		return this.mongo.findAndModify(unchanged, update, FindAndModifyOptions.options().returnNew(true),
				KnownMilestone.class);
	}

	private static Instant time(String value) {
		try {
			return value == null ? null : Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * A record read, what it says, and the trace it was sent in.
	 */
	private record Taken(Incoming record, ActivityEvent event, String type, String id, Instant time,
			String traceparent) {

	}

}
