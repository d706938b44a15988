package org.keycities.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.keycities.notification.config.NotificationSettings;
import org.keycities.notification.ingest.KnownGroups;
import org.keycities.notification.ingest.KnownMilestone;
import org.keycities.notification.ingest.KnownMilestones;
import org.keycities.notification.recipient.Recipient;
import org.keycities.notification.recipient.Recipients;
import org.keycities.notification.security.RecipientTokens;
import org.keycities.notification.security.RecipientTokens.Purpose;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends deliveries in batches, each composed, sent over one SMTP connection (kept open
 * for the next batch, see {@link SmtpConnections}) and recorded by one of
 * {@code tracker.notification.sender.connections} sender threads, so several batches go
 * out at once, each over its own connection. New deliveries go straight to a free sender
 * thread, opened already held by it ({@link #open}); due ones (those opened while every
 * sender thread was busy, retries, postponed follow-ups, claims whose lease ran out) are
 * claimed by the one sending loop, up to {@code tracker.notification.sender.batch-size}
 * together (each with the lease). A failed send is marked for retry with exponential
 * back-off and never blocks the Kafka consumer, which only opens deliveries; a message
 * the server refuses fails only its own delivery. Each outcome is recorded only by the
 * sender holding the claim; a claim left by a crashed sender expires and the delivery is
 * sent again with the same Message-ID. So a whole batch must be composed and sent within
 * the lease ({@code tracker.notification.sender.lease}), or another sender may take its
 * deliveries over and send them a second time.
 */
@Component
public class DeliverySender implements DisposableBean {

	/** How often an email waiting for its group's name looks again. */
	private static final Duration GROUP_NAME_RETRY = Duration.ofSeconds(2);

	private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);

	private final DeliveryLog deliveries;

	private final SmtpConnections smtp;

	private final EmailComposer composer;

	private final Recipients recipients;

	private final KnownMilestones milestones;

	private final KnownGroups groups;

	private final RecipientTokens tokens;

	private final NotificationSettings settings;

	private final DeliveryMetrics metrics;

	private final Clock clock;

	private final Session session = Session.getInstance(new Properties());

	private final Gathering nudges;

	/** Whether the sending loop should run (again): set by every nudge and poll. */
	private final AtomicBoolean wanted = new AtomicBoolean();

	private final DeliveryTrace trace;

	/**
	 * One sending loop per instance: the scheduled poll and a nudge do not claim side by
	 * side, so that at most {@code connections} batches are claimed and not yet recorded
	 * (claims side by side are safe, each delivery is claimed once, but they would hold
	 * more deliveries under lease than there are sender threads for).
	 */
	private final ReentrantLock sending = new ReentrantLock();

	/**
	 * The sender threads ({@code email-sender-<n>}), one per SMTP connection; a batch is
	 * handed over only when one of them is free.
	 */
	private final ExecutorService senders;

	/**
	 * The sender threads free for another batch: taken before a batch is claimed or
	 * opened held, given back once it is recorded. So at most {@code connections} batches
	 * are held and not yet recorded, and a batch's lease starts when its sending can.
	 * Fair, so that the sending loop, once it waits for a thread, gets the next one
	 * before new deliveries do: those then wait their turn as due.
	 */
	private final Semaphore free;

	DeliverySender(DeliveryLog deliveries, SmtpConnections smtp, EmailComposer composer, Recipients recipients,
			KnownMilestones milestones, KnownGroups groups, RecipientTokens tokens, NotificationSettings settings,
			DeliveryMetrics metrics, Clock clock, @Qualifier("applicationTaskExecutor") TaskExecutor executor,
			DeliveryTrace trace) {
		this.deliveries = deliveries;
		this.smtp = smtp;
		this.composer = composer;
		this.recipients = recipients;
		this.milestones = milestones;
		this.groups = groups;
		this.tokens = tokens;
		this.settings = settings;
		this.metrics = metrics;
		this.clock = clock;
		this.trace = trace;
		this.nudges = new Gathering(executor, settings.sender().gather(), () -> send(false));
		AtomicInteger threads = new AtomicInteger();
		this.senders = Executors.newFixedThreadPool(settings.sender().connections(),
				(task) -> new Thread(task, "email-sender-" + threads.incrementAndGet()));
		this.free = new Semaphore(settings.sender().connections(), true);
	}

	/**
	 * Opens the deliveries whose keys are not taken yet and has them sent at once, in
	 * batches of at most {@code batch-size}. With a sender thread free, a batch is opened
	 * already held by it and handed over: no wait for the sending loop, no claim's reads
	 * and writes. Otherwise it is opened due and the sending loop is nudged. Either way
	 * each delivery is in the delivery log before anything is sent, and one not recorded
	 * as sent (a crash) is sent again once its lease runs out.
	 * @return how many were opened
	 */
	public int open(List<DeliveryRequest> requests) {
		int batchSize = this.settings.sender().batchSize();
		int opened = 0;
		for (int from = 0; from < requests.size(); from += batchSize) {
			opened += openBatch(requests.subList(from, Math.min(requests.size(), from + batchSize)));
		}
		return opened;
	}

	private int openBatch(List<DeliveryRequest> requests) {
		OptionalInt held = openHeld(requests);
		if (held.isPresent()) {
			return held.getAsInt();
		}
		int opened = this.deliveries.openAll(requests);
		if (opened > 0) {
			nudge();
		}
		return opened;
	}

	/**
	 * With a sender thread free, opens the batch held by it and hands it over.
	 * @return how many were opened, or empty when every sender thread was busy (nothing
	 * was opened)
	 */
	OptionalInt openHeld(List<DeliveryRequest> requests) {
		if (!takeFreeThread()) {
			return OptionalInt.empty();
		}
		List<Delivery> held;
		try {
			held = this.deliveries.openHeld(requests, this.settings.sender().lease());
		}
		catch (RuntimeException ex) {
			this.free.release();
			throw ex;
		}
		if (held.isEmpty()) {
			this.free.release();
			return OptionalInt.of(0);
		}
		try {
			handOver(held, () -> {
			});
		}
		catch (RejectedExecutionException ex) {
			log.info("Opened {} deliveries as the service stops; they are sent once their lease runs out", held.size());
		}
		return OptionalInt.of(held.size());
	}

	/**
	 * Takes a sender thread if one is free and nothing waits for one (unlike
	 * {@link Semaphore#tryAcquire()}, which would go before the sending loop).
	 */
	private boolean takeFreeThread() {
		try {
			return this.free.tryAcquire(0, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Sends soon, without waiting for the next poll: new deliveries were opened (due at
	 * once). It only claims what is marked due, so it never reads the whole log. It waits
	 * {@code sender.gather} first, so that the deliveries opened meanwhile go in the same
	 * batch: milestones arriving one by one are then not sent one email per batch, each
	 * with its claim, its reads and its write.
	 */
	public void nudge() {
		this.nudges.ask();
	}

	/**
	 * Marks due what has become due (retries, postponed follow-ups, claims whose lease
	 * ran out) and sends everything due; when it returns, every delivery it claimed was
	 * attempted and its outcome recorded.
	 */
	@Scheduled(fixedDelayString = "${tracker.notification.sender.poll-interval:1s}")
	public void sendDue() {
		this.smtp.closeIdle();
		send(true);
	}

	/**
	 * Runs the sending loop, or, if it is running already, has it run once more when it
	 * ends: deliveries opened while it ran, after its last claim, are then not left to
	 * the next poll.
	 */
	private void send(boolean markDue) {
		this.wanted.set(true);
		boolean marked = !markDue;
		while (this.wanted.get() && this.sending.tryLock()) {
			try {
				this.wanted.set(false);
				if (!marked) {
					this.deliveries.markDue();
					marked = true;
				}
				sendAllDue();
			}
			finally {
				this.sending.unlock();
			}
		}
	}

	/**
	 * Claims batch after batch on this thread and hands each to a free sender thread. A
	 * batch is claimed only once a sender thread is free for it. It claims again at once
	 * only after a full batch: a smaller one took everything due, and what is opened
	 * later comes with a nudge of its own, which {@link #send} serves once this run ends.
	 * A steady trickle of due deliveries thus gathers in batches instead of being claimed
	 * one delivery at a time.
	 */
	private void sendAllDue() {
		// given back by each batch of this run once it is recorded
		Semaphore recorded = new Semaphore(0);
		int handed = 0;
		try {
			int size;
			do {
				this.free.acquire();
				size = handOverNextBatch(recorded);
				if (size > 0) {
					handed++;
				}
			}
			while (size >= this.settings.sender().batchSize());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RejectedExecutionException ex) {
			log.info("Stopped sending as the service stops; deliveries claimed but not sent are sent again "
					+ "once their lease runs out");
		}
		finally {
			// every batch handed over is sent and recorded before sendDue returns
			recorded.acquireUninterruptibly(handed);
		}
	}

	/**
	 * With a sender thread taken, claims the next batch and hands it over; gives the
	 * thread back at once when nothing is due or the claim or the hand-over fails.
	 * @return how many deliveries were handed over
	 */
	private int handOverNextBatch(Semaphore recorded) {
		List<Delivery> batch;
		try {
			batch = claimBatch();
		}
		catch (RuntimeException ex) {
			this.free.release();
			throw ex;
		}
		if (batch.isEmpty()) {
			this.free.release();
			return 0;
		}
		handOver(batch, recorded::release);
		return batch.size();
	}

	/**
	 * Hands a held batch to the sender thread taken for it, which gives that thread back
	 * (and runs {@code then}) once the batch is recorded; gives it back at once if the
	 * hand-over is refused (the service stops).
	 */
	private void handOver(List<Delivery> batch, Runnable then) {
		try {
			this.senders.execute(() -> {
				try {
					sendBatch(batch);
				}
				catch (RuntimeException ex) {
					// e.g. MongoDB is down: what was not recorded is sent again once its
					// lease runs out
					log.error("A batch of {} deliveries could not be sent or recorded", batch.size(), ex);
				}
				finally {
					this.free.release();
					then.run();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			this.free.release();
			throw ex;
		}
	}

	/**
	 * Lets the batches handed over finish, for at most the lease (after it another sender
	 * may take their deliveries over anyway).
	 */
	@Override
	public void destroy() throws InterruptedException {
		this.senders.shutdown();
		if (!this.senders.awaitTermination(this.settings.sender().lease().toMillis(), TimeUnit.MILLISECONDS)) {
			log.warn("Stopped while batches were still being sent; their deliveries are sent again once their "
					+ "lease runs out");
		}
	}

	private List<Delivery> claimBatch() {
		NotificationSettings.Sender sender = this.settings.sender();
		return this.deliveries.claim(sender.batchSize(), sender.lease());
	}

	/**
	 * On a sender thread: composes the batch's emails, sends them over one SMTP
	 * connection and records each outcome, those sent in one write.
	 */
	private void sendBatch(List<Delivery> batch) {
		List<Outgoing> outgoing = new ArrayList<>();
		BatchReads reads = new BatchReads(batch);
		for (Delivery delivery : batch) {
			handle(delivery, () -> prepare(delivery, reads).ifPresent(outgoing::add));
		}
		if (outgoing.isEmpty()) {
			return;
		}
		Map<MimeMessage, Exception> failed = this.smtp.send(outgoing.stream().map(Outgoing::message).toList());
		List<Outgoing> sent = new ArrayList<>();
		for (Outgoing out : outgoing) {
			Exception ex = failed.get(out.message());
			if (ex != null) {
				handle(out.delivery(), () -> fail(out.delivery(), ex));
			}
			else {
				sent.add(out);
			}
		}
		recordSent(sent);
	}

	/**
	 * Records the emails sent in one write; if that write fails, records each on its own,
	 * as {@link #handle} does any delivery's work (an email the failed write did record
	 * is then logged but not counted, as its claim is gone).
	 */
	private void recordSent(List<Outgoing> sent) {
		if (sent.isEmpty()) {
			return;
		}
		Set<String> recorded;
		try {
			recorded = this.deliveries.markSent(sent.stream().map(Outgoing::sent).toList());
		}
		catch (RuntimeException ex) {
			log.warn("The outcomes of {} emails sent could not be recorded together; recording each on its own",
					sent.size(), ex);
			sent.forEach((out) -> handle(out.delivery(), () -> sent(out.delivery(),
					this.deliveries.markSent(List.of(out.sent())).contains(out.delivery().getId()))));
			return;
		}
		sent.forEach((out) -> this.trace.during(out.delivery(),
				() -> sent(out.delivery(), recorded.contains(out.delivery().getId()))));
	}

	/**
	 * Runs one delivery's own work in its trace; whatever it throws fails this delivery
	 * only.
	 */
	private void handle(Delivery delivery, Runnable work) {
		this.trace.during(delivery, () -> {
			try {
				work.run();
			}
			catch (RuntimeException ex) {
				// a delivery that cannot even be rendered or recorded must not stop the
				// others of its batch
				log.error("Delivery {} could not be processed", delivery.getId(), ex);
				fail(delivery, ex);
			}
		});
	}

	/**
	 * The message for this delivery, or empty when it was cancelled, postponed or failed
	 * instead.
	 */
	private Optional<Outgoing> prepare(Delivery delivery, BatchReads reads) {
		Recipient recipient = reads.recipient(delivery.getRecipientId());
		if (recipient == null || !recipient.isSubscribed()) {
			this.deliveries.cancel(delivery, "The recipient unsubscribed or was removed before this email was sent");
			return Optional.empty();
		}
		// the same signed links in the footer and in the List-Unsubscribe header
		EmailComposer.Links links = links(recipient.getId());
		Optional<Email> email = compose(delivery, links, reads);
		if (email.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(new Outgoing(delivery, email.get(), message(delivery, recipient, email.get(), links)));
		}
		catch (MessagingException ex) {
			fail(delivery, ex);
			return Optional.empty();
		}
	}

	/** Logs and counts an email sent, once its outcome was recorded (or found lost). */
	private void sent(Delivery delivery, boolean recorded) {
		// after the mark, so the delivery log already shows SENT when this line is read
		log.info("Sent {} email {} to {}", delivery.getKind(), delivery.getId(), delivery.getEmail());
		if (recorded) {
			this.metrics.sent(delivery.getKind(), delivery.getEventTime() == null ? null
					: Duration.between(delivery.getEventTime(), this.clock.instant()));
		}
	}

	/**
	 * The email for this delivery, or empty when it was cancelled or postponed instead.
	 */
	private Optional<Email> compose(Delivery delivery, EmailComposer.Links links, BatchReads reads) {
		Optional<String> name = reads.groupName(delivery.getGroupId());
		if (name.isEmpty() && waitsForGroupName(delivery)) {
			return Optional.empty();
		}
		String groupName = name.orElse(delivery.getGroupId());
		if (delivery.getKind() == DeliveryKind.DIGEST) {
			List<MilestoneView> listed = this.milestones.findAllById(delivery.getMilestoneIds())
				.stream()
				.filter((m) -> !m.isWithdrawn())
				.sorted((a, b) -> a.firstSeenAt().compareTo(b.firstSeenAt()))
				.map((m) -> MilestoneView.of(m.snapshot()))
				.toList();
			if (listed.isEmpty()) {
				this.deliveries.cancel(delivery, "Every milestone of this digest was withdrawn");
				return Optional.empty();
			}
			return Optional.of(this.composer.digest(groupName, listed, links));
		}
		KnownMilestone milestone = reads.milestone(delivery.getMilestoneId());
		if (milestone == null) {
			this.deliveries.cancel(delivery, "The milestone is unknown");
			return Optional.empty();
		}
		if (delivery.getKind() == DeliveryKind.CORRECTION) {
			if (!followUpIsDue(delivery)) {
				return Optional.empty();
			}
			return Optional.of(this.composer.correction(groupName, MilestoneView.of(milestone.snapshot()), links));
		}
		if (milestone.isWithdrawn()) {
			this.deliveries.cancel(delivery, "The milestone was withdrawn before this email was sent");
			return Optional.empty();
		}
		if (delivery.getKind() == DeliveryKind.UPDATE && !followUpIsDue(delivery)) {
			return Optional.empty();
		}
		return Optional.of(this.composer.milestone(groupName, MilestoneView.of(milestone.snapshot()),
				delivery.getKind() == DeliveryKind.UPDATE, links));
	}

	/**
	 * A group's profile and its first milestones are published side by side, so a
	 * milestone can arrive before the group's name: its email then waits a little for the
	 * name (without counting an attempt) rather than go out under the group's id. Past
	 * {@code tracker.notification.sender.group-name-wait} it goes under the id.
	 * @return whether the delivery was put back to wait
	 */
	private boolean waitsForGroupName(Delivery delivery) {
		Instant now = this.clock.instant();
		if (delivery.getCreatedAt() == null
				|| !now.isBefore(delivery.getCreatedAt().plus(this.settings.sender().groupNameWait()))) {
			return false;
		}
		this.deliveries.postpone(delivery, now.plus(GROUP_NAME_RETRY));
		return true;
	}

	/**
	 * A follow-up goes only after the email it follows up was sent; it waits while that
	 * one is being sent, and is cancelled if that one never went.
	 */
	private boolean followUpIsDue(Delivery followUp) {
		DeliveryStatus original = this.deliveries.find(followUp.getRelatesTo())
			.map(Delivery::getStatus)
			.orElse(DeliveryStatus.CANCELLED);
		if (original == DeliveryStatus.SENT) {
			return true;
		}
		if (original == DeliveryStatus.SENDING || original == DeliveryStatus.PENDING
				|| original == DeliveryStatus.RETRYING) {
			this.deliveries.postpone(followUp, this.clock.instant().plus(this.settings.retry().initialInterval()));
		}
		else {
			this.deliveries.cancel(followUp, "The email this one follows up was never sent");
		}
		return false;
	}

	private void fail(Delivery delivery, Exception ex) {
		String error = Objects.toString(ex.getMessage(), ex.getClass().getSimpleName());
		int failed = delivery.getAttempts() + 1;
		NotificationSettings.Retry retry = this.settings.retry();
		if (failed >= retry.maxAttempts()) {
			if (this.deliveries.markFailed(delivery, error, null)) {
				this.metrics.failed(delivery.getKind());
				log.warn("Delivery {} to {} failed for good after {} attempts: {}", delivery.getId(),
						delivery.getEmail(), failed, error);
			}
			return;
		}
		Instant next = this.clock.instant().plus(retry.delayAfter(failed));
		if (this.deliveries.markFailed(delivery, error, next)) {
			this.metrics.retried(delivery.getKind());
			log.info("Delivery {} to {} failed (attempt {}), retrying at {}: {}", delivery.getId(), delivery.getEmail(),
					failed, next, error);
		}
	}

	private EmailComposer.Links links(String recipientId) {
		String base = this.settings.baseUrl();
		return new EmailComposer.Links(
				base + "/preferences?token=" + this.tokens.issue(recipientId, Purpose.PREFERENCES),
				base + "/unsubscribe?token=" + this.tokens.issue(recipientId, Purpose.UNSUBSCRIBE));
	}

	/**
	 * The recipients, milestones and group names a batch's emails are composed from, each
	 * read once for the batch (recipients and milestones in one query each) rather than
	 * once per email: when one milestone goes to many recipients, each batch is about the
	 * same milestone and group. They are read when the batch is about to be composed, as
	 * each email's own reads were.
	 */
	private final class BatchReads {

		private final Map<String, Recipient> recipients = new HashMap<>();

		private final Map<String, KnownMilestone> milestones = new HashMap<>();

		private final Map<String, Optional<String>> groupNames = new HashMap<>();

		BatchReads(List<Delivery> batch) {
			DeliverySender.this.recipients
				.findAllById(batch.stream().map(Delivery::getRecipientId).filter(Objects::nonNull).distinct().toList())
				.forEach((recipient) -> this.recipients.put(recipient.getId(), recipient));
			DeliverySender.this.milestones
				.findAllById(batch.stream().map(Delivery::getMilestoneId).filter(Objects::nonNull).distinct().toList())
				.forEach((milestone) -> this.milestones.put(milestone.id(), milestone));
		}

		Recipient recipient(String id) {
			return this.recipients.get(id);
		}

		KnownMilestone milestone(String id) {
			return this.milestones.get(id);
		}

		Optional<String> groupName(String groupId) {
			return this.groupNames.computeIfAbsent(groupId, DeliverySender.this.groups::findNameOf);
		}

	}

	/** A composed email of a batch, waiting to be sent. */
	private record Outgoing(Delivery delivery, Email email, MimeMessage message) {

		/** What is recorded once it was sent. */
		DeliveryLog.Sent sent() {
			return new DeliveryLog.Sent(this.delivery, this.email.subject(), this.email.html(), this.email.text());
		}

	}

	private MimeMessage message(Delivery delivery, Recipient recipient, Email email, EmailComposer.Links links)
			throws MessagingException {
		MimeMessage message = new StableIdMimeMessage(this.session, delivery.getMessageId());
		message.setFrom(new InternetAddress(this.settings.from()));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient.getEmail()));
		message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
		message.setSentDate(Date.from(this.clock.instant()));
		message.setHeader("List-Unsubscribe", "<" + links.unsubscribe() + ">");
		message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		MimeBodyPart text = new MimeBodyPart();
		text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
		MimeBodyPart html = new MimeBodyPart();
		html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
		MimeMultipart alternative = new MimeMultipart("alternative");
		alternative.addBodyPart(text);
		alternative.addBodyPart(html);
		message.setContent(alternative);
		message.saveChanges();
		return message;
	}

}
