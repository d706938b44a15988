package org.keycities.notification;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One GreenMail SMTP server per test JVM on a dynamic loopback port, so every test class
 * shares one cached Spring context. It can be stopped and started again on the same port
 * to take the mail server down; mail received before a stop is kept.
 */
public class TestMailServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static GreenMail server;

	private static int port;

	private static final List<MimeMessage> earlier = new ArrayList<>();

	public static synchronized GreenMail server() {
		if (server == null) {
			server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
			server.start();
			port = server.getSmtp().getPort();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(), "test-mail-server-stop"));
		}
		return server;
	}

	public static synchronized void stop() {
		earlier.addAll(Arrays.asList(server().getReceivedMessages()));
		server.stop();
	}

	public static synchronized void start() {
		server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
	}

	/** Every message received so far, also before a restart. */
	public static synchronized List<MimeMessage> received() {
		List<MimeMessage> all = new ArrayList<>(earlier);
		all.addAll(Arrays.asList(server().getReceivedMessages()));
		return all;
	}

	/** The messages received for one address. */
	public static List<MimeMessage> receivedBy(String address) {
		return received().stream().filter((message) -> isFor(message, address)).toList();
	}

	private static boolean isFor(MimeMessage message, String address) {
		try {
			Address[] to = message.getAllRecipients();
			return to != null && Arrays.stream(to).anyMatch((a) -> a.toString().equalsIgnoreCase(address));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		server();
		TestPropertyValues.of("spring.mail.host=127.0.0.1", "spring.mail.port=" + port).applyTo(context);
	}

}
