package org.keycities.notification.delivery;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.notification.config.NotificationSettings;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches go over an SMTP connection kept open from one batch to the next, against a real
 * (GreenMail) server: one connection while batches follow each other, a new one after the
 * keep-alive, a new one when the server dropped the kept one, and no email twice.
 */
class SmtpConnectionsTests {

	static final Duration KEEP_ALIVE = Duration.ofMillis(500);

	GreenMail server;

	JavaMailSenderImpl mail = new JavaMailSenderImpl();

	SmtpConnections connections;

	/** For each address, the server's connection (its thread) each message came over. */
	final Map<String, List<Thread>> cameOver = new ConcurrentHashMap<>();

	/** The address whose first message the server refuses, if any. */
	volatile String refusing;

	@BeforeEach
	void setUp() {
		this.server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		this.server.start();
		watch(this.server);
		this.mail.setHost("127.0.0.1");
		this.mail.setPort(this.server.getSmtp().getPort());
		Properties timeouts = new Properties();
		timeouts.put("mail.smtp.timeout", "5000");
		this.mail.setJavaMailProperties(timeouts);
		this.connections = new SmtpConnections(this.mail,
				new NotificationSettings(
						"http://localhost:8083", "tracker@council.example", "a-secret-of-sixteen-characters",
						Duration.ofDays(1), new NotificationSettings.Sender(Duration.ofSeconds(1),
								Duration.ofMinutes(2), 50, 4, Duration.ZERO, KEEP_ALIVE, Duration.ZERO),
						null, null, null));
	}

	@AfterEach
	void tearDown() {
		this.connections.destroy();
		this.server.stop();
	}

	@Test
	void batchesOneAfterAnotherGoOverOneConnectionAndANewOneOnceItWasIdleTooLong() throws Exception {
		assertThat(this.connections.send(List.of(email("a"), email("b")))).isEmpty();
		assertThat(this.connections.send(List.of(email("c")))).isEmpty();
		Thread.sleep(KEEP_ALIVE.toMillis() + 200);
		this.connections.closeIdle();
		assertThat(this.connections.send(List.of(email("d")))).isEmpty();

		assertThat(Arrays.asList(connectionOf("a"), connectionOf("b"), connectionOf("c")))
			.containsOnly(connectionOf("a"));
		assertThat(connectionOf("d")).isNotSameAs(connectionOf("a"));
		assertThat(this.server.getReceivedMessages()).hasSize(4);
	}

	@Test
	void aBatchWhoseKeptConnectionTheServerDroppedGoesOverANewOneOnce() throws Exception {
		int port = this.server.getSmtp().getPort();
		assertThat(this.connections.send(List.of(email("a")))).isEmpty();
		// the server goes away and comes back: the connection kept open is dead
		this.server.stop();
		this.server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.server.start();
		watch(this.server);

		assertThat(this.connections.send(List.of(email("b"), email("c")))).isEmpty();

		assertThat(this.server.getReceivedMessages()).hasSize(2);
		assertThat(this.cameOver.get(address("b"))).hasSize(1);
		assertThat(this.cameOver.get(address("c"))).hasSize(1);
	}

	@Test
	void aMessageRefusedOverAKeptConnectionFailsAloneAndTheOthersGoOnce() throws Exception {
		assertThat(this.connections.send(List.of(email("a")))).isEmpty();
		this.refusing = address("refused");
		MimeMessage refused = email("refused");

		Map<MimeMessage, Exception> failed = this.connections.send(List.of(refused, email("b"), email("c")));

		assertThat(failed).containsOnlyKeys(refused);
		assertThat(failed.get(refused)).hasMessageContaining("451");
		assertThat(this.cameOver.get(address("b"))).hasSize(1);
		assertThat(this.cameOver.get(address("c"))).hasSize(1);
		assertThat(this.cameOver.get(address("refused"))).hasSize(1);
		// the connection that failed a message is not kept
		assertThat(this.connections.send(List.of(email("d")))).isEmpty();
		assertThat(connectionOf("d")).isNotSameAs(connectionOf("b"));
	}

	@Test
	void everyMessageFailsWhenNoConnectionCanBeMade() throws Exception {
		this.server.stop();
		MimeMessage a = email("a");
		MimeMessage b = email("b");

		Map<MimeMessage, Exception> failed = this.connections.send(List.of(a, b));

		assertThat(failed).containsOnlyKeys(a, b);
		assertThat(failed.get(a)).isInstanceOf(MessagingException.class);
	}

	/**
	 * Notes the connection of each message; refuses (451) the first one to
	 * {@link #refusing}.
	 */
	private void watch(GreenMail server) {
		MessageDeliveryHandler delivering = server.getUserManager().getMessageDeliveryHandler();
		server.getUserManager().setMessageDeliveryHandler((message, address) -> {
			List<Thread> seen = this.cameOver.computeIfAbsent(address.getEmail().toLowerCase(),
					(a) -> new CopyOnWriteArrayList<>());
			seen.add(Thread.currentThread());
			if (address.getEmail().equalsIgnoreCase(this.refusing) && seen.size() == 1) {
				throw new MessagingException("Mailbox busy, try again later");
			}
			return delivering.handle(message, address);
		});
	}

	private Thread connectionOf(String name) {
		List<Thread> seen = this.cameOver.get(address(name));
		assertThat(seen).as("messages to " + name).hasSize(1);
		return seen.get(0);
	}

	private static String address(String name) {
		return name + "@council.example";
	}

	private MimeMessage email(String name) throws MessagingException {
		MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
		message.setFrom(new InternetAddress("tracker@council.example"));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(address(name)));
		message.setSubject("Milestone " + UUID.randomUUID());
		message.setText("A milestone was recorded.");
		message.saveChanges();
		return message;
	}

}
