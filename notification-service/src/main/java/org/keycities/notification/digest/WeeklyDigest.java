package org.keycities.notification.digest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.keycities.notification.delivery.DeliveryKind;
import org.keycities.notification.delivery.DeliveryLog;
import org.keycities.notification.delivery.DeliveryRequest;
import org.keycities.notification.delivery.DeliverySender;
import org.keycities.notification.ingest.KnownMilestone;
import org.keycities.notification.ingest.KnownMilestones;
import org.keycities.notification.recipient.Frequency;
import org.keycities.notification.recipient.Recipient;
import org.keycities.notification.recipient.Recipients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Once a week, each WEEKLY_DIGEST recipient gets one email listing the milestones
 * recorded since their last digest, and none when there were none. Items are claimed into
 * a digest one conditional update at a time ({@code digestId} must still be unset), so an
 * item is never in two digests, even if two instances ran at once; the ShedLock lock on
 * MongoDB keeps them from trying.
 */
@Component
public class WeeklyDigest {

	private static final Logger log = LoggerFactory.getLogger(WeeklyDigest.class);

	/**
	 * How far back a run looks for digests an interrupted run claimed but did not open.
	 */
	private static final java.time.Duration RECOVERY_WINDOW = java.time.Duration.ofDays(35);

	private final MongoTemplate mongo;

	private final Recipients recipients;

	private final KnownMilestones milestones;

	private final DeliveryLog deliveries;

	private final DeliverySender sender;

	private final Clock clock;

	WeeklyDigest(MongoTemplate mongo, Recipients recipients, KnownMilestones milestones, DeliveryLog deliveries,
			DeliverySender sender, Clock clock) {
		this.mongo = mongo;
		this.recipients = recipients;
		this.milestones = milestones;
		this.deliveries = deliveries;
		this.sender = sender;
		this.clock = clock;
	}

	@Scheduled(cron = "${tracker.notification.digest.cron:0 0 8 * * MON}",
			zone = "${tracker.notification.digest.zone:Europe/London}")
	@SchedulerLock(name = "weekly-digest", lockAtMostFor = "30m", lockAtLeastFor = "1m")
	public void onSchedule() {
		int opened = send(this.clock.instant());
		log.info("Weekly digest: {} digests to send", opened);
	}

	/**
	 * Makes the digests due at {@code now}: one delivery per recipient with waiting
	 * items. Returns how many digests were opened. Digests claimed by an earlier run that
	 * stopped before opening their delivery (a crash between the two writes) are opened
	 * now, so their items are not lost.
	 */
	public int send(Instant now) {
		String run = now.truncatedTo(ChronoUnit.SECONDS).toString();
		int opened = 0;
		for (Recipient recipient : this.recipients.findByFrequencyAndSubscribedTrue(Frequency.WEEKLY_DIGEST)) {
			String digestId = recipient.getId() + "@" + run;
			Query waiting = Query.query(Criteria.where("recipientId")
				.is(recipient.getId())
				.and("status")
				.is(DigestItem.Status.WAITING)
				.and("digestId")
				.is(null)
				.and("recordedAt")
				.lte(now));
			claim(waiting, digestId);
			for (String claimed : claimedDigests(recipient, now)) {
				if (open(recipient, claimed, now)) {
					opened++;
				}
			}
		}
		if (opened > 0) {
			this.sender.nudge();
		}
		return opened;
	}

	/**
	 * Takes the waiting items into one digest; a conditional update, item by item atomic.
	 */
	void claim(Query waiting, String digestId) {
		this.mongo.updateMulti(waiting,
				new Update().set("digestId", digestId).set("status", DigestItem.Status.DIGESTED), DigestItem.class);
	}

	/**
	 * The digests of this recipient that hold items, from the last few weeks: this run's
	 * and any an interrupted run left without a delivery.
	 */
	private List<String> claimedDigests(Recipient recipient, Instant now) {
		Query claimed = Query.query(Criteria.where("recipientId")
			.is(recipient.getId())
			.and("status")
			.is(DigestItem.Status.DIGESTED)
			.and("recordedAt")
			.gte(now.minus(RECOVERY_WINDOW)));
		return this.mongo.findDistinct(claimed, "digestId", DigestItem.class, String.class).stream().sorted().toList();
	}

	/**
	 * Opens the delivery of one digest, once: its key is made from the digest id, so a
	 * digest that already has its delivery is left alone.
	 */
	private boolean open(Recipient recipient, String digestId, Instant now) {
		String run = digestId.substring(digestId.lastIndexOf('@') + 1);
		List<DigestItem> items = this.mongo.find(Query.query(Criteria.where("digestId").is(digestId)),
				DigestItem.class);
		List<String> listed = this.milestones.findAllById(items.stream().map(DigestItem::milestoneId).toList())
			.stream()
			.filter((m) -> !m.isWithdrawn())
			.map(KnownMilestone::id)
			.toList();
		if (listed.isEmpty()) {
			return false;
		}
		return this.deliveries.open(new DeliveryRequest(DeliveryKind.DIGEST,
				DeliveryRequest.key(DeliveryKind.DIGEST, digestId, run, recipient.getId()), recipient.getGroupId(),
				recipient.getId(), recipient.getEmail(), null, null, null, now, null, listed, null));
	}

}
