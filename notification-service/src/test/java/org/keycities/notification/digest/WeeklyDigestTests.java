package org.keycities.notification.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.mail.internet.MimeMessage;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneWithdrawn;
import org.keycities.notification.Mail;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestMailServer;
import org.keycities.notification.TestRecipients;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@NotificationServiceTest
class WeeklyDigestTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	WeeklyDigest digest;

	@Autowired
	LockProvider locks;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	ActivityTopic topic;

	final String group = "group-" + UUID.randomUUID();

	final String weekly = "weekly-" + UUID.randomUUID() + "@council.gov.uk";

	final String immediate = "immediate-" + UUID.randomUUID() + "@council.gov.uk";

	/** Monday 08:00 a day from now: later than every event these tests publish. */
	final Instant monday = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

	@BeforeEach
	void setUp() throws Exception {
		this.topic = new ActivityTopic(this.brokers);
		TestRecipients.add(this.mvc, this.group, this.weekly, "\"frequency\":\"WEEKLY_DIGEST\"");
		TestRecipients.add(this.mvc, this.group, this.immediate, "");
	}

	@AfterEach
	void closeTopic() {
		this.topic.close();
	}

	@Test
	void weeklyRecipientGetsOneDigestOfTheWeeksMilestonesWithoutWithdrawnOnesAndNeverTheSameItemTwice() {
		MilestoneSnapshot first = record("First of the week");
		MilestoneSnapshot second = record("Second of the week");
		MilestoneSnapshot withdrawn = record("Withdrawn before the digest");
		this.topic.publish(new MilestoneWithdrawn(Milestones.withdrawn(withdrawn, "Duplicate")));
		// the immediate recipient's correction shows every event was consumed
		awaitEmails(this.immediate, 4);
		assertThat(TestMailServer.receivedBy(this.weekly)).isEmpty();

		assertThat(this.digest.send(this.monday)).isGreaterThanOrEqualTo(1);
		awaitEmails(this.weekly, 1);
		MimeMessage email = TestMailServer.receivedBy(this.weekly).get(0);
		assertThat(Mail.subject(email)).isEqualTo("[" + this.group + "] Weekly digest: 2 new milestones");
		assertThat(Mail.part(email, "text/html")).contains(first.title(), second.title())
			.doesNotContain(withdrawn.title());
		assertThat(Mail.part(email, "text/plain")).contains(first.title(), second.title())
			.doesNotContain(withdrawn.title());
		assertThat(Mail.header(email, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");

		// nothing new: no digest
		this.digest.send(this.monday.plus(7, ChronoUnit.DAYS));
		MilestoneSnapshot third = record("Next week's milestone");
		awaitEmails(this.immediate, 5);
		this.digest.send(this.monday.plus(14, ChronoUnit.DAYS));
		awaitEmails(this.weekly, 2);
		MimeMessage next = TestMailServer.receivedBy(this.weekly).get(1);
		assertThat(Mail.subject(next)).isEqualTo("[" + this.group + "] Weekly digest: 1 new milestone");
		assertThat(Mail.part(next, "text/plain")).contains(third.title()).doesNotContain(first.title());
		pause();
		assertThat(TestMailServer.receivedBy(this.weekly)).hasSize(2);
	}

	@Test
	void twoDigestRunsAtOnceSendEachItemOnce() {
		record("One");
		record("Two");
		record("Three");
		awaitEmails(this.immediate, 3);

		CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> this.digest.send(this.monday));
		CompletableFuture<Integer> b = CompletableFuture
			.supplyAsync(() -> this.digest.send(this.monday.plusSeconds(1)));
		a.join();
		b.join();

		awaitEmails(this.weekly, 1);
		pause();
		List<MimeMessage> digests = TestMailServer.receivedBy(this.weekly);
		assertThat(digests).hasSize(1);
		assertThat(Mail.subject(digests.get(0))).endsWith("Weekly digest: 3 new milestones");
	}

	@Test
	void digestLockOnMongoDbIsHeldByOneInstanceAtATime() {
		LockConfiguration config = new LockConfiguration(Instant.now(), "test-lock-" + UUID.randomUUID(),
				Duration.ofMinutes(1), Duration.ZERO);
		SimpleLock held = this.locks.lock(config).orElseThrow();
		assertThat(this.locks.lock(config)).isEmpty();
		held.unlock();
		assertThat(this.locks.lock(config)).isPresent();
	}

	private MilestoneSnapshot record(String title) {
		MilestoneSnapshot milestone = Milestones.withTitle(Milestones.milestone(this.group), title);
		this.topic.publish(new MilestoneRecorded(milestone));
		return milestone;
	}

	private static void awaitEmails(String address, int count) {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TestMailServer.receivedBy(address)).hasSize(count));
	}

	/** Long enough for the sender to have sent anything it was going to. */
	private static void pause() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
