package org.keycities.notification.delivery;

import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.keycities.notification.config.NotificationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The SMTP connections batches are sent over, kept open from one batch to the next for
 * {@code tracker.notification.sender.keep-alive} (each sender thread takes one for a
 * batch and gives it back), so that a steady trickle of small batches does not open,
 * greet and close a connection for every few emails. A connection unused for longer is
 * closed; so is one that failed in any way.
 * <p>
 * A mail server may close a connection it finds idle before we do. When every email of a
 * batch fails over a connection that was already open, they are sent again over a new
 * connection: the server took none of them, so none goes twice. Messages are sent as
 * composed (headers and Message-ID already final), without the liveness check
 * ({@code NOOP}) that {@link JavaMailSenderImpl} makes before every message.
 */
@Component
class SmtpConnections implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);

	/** Where to connect and how: Spring Boot's {@code spring.mail.*}. */
	private final JavaMailSenderImpl mail;

	private final long keepAliveNanos;

	/** Open connections not in use, the most recently used first. */
	private final Deque<Open> idle = new ConcurrentLinkedDeque<>();

	SmtpConnections(JavaMailSenderImpl mail, NotificationSettings settings) {
		this.mail = mail;
		this.keepAliveNanos = settings.sender().keepAlive().toNanos();
	}

	/**
	 * Sends each message over one connection, in order.
	 * @return the messages that failed, each with its exception (all of them if no
	 * connection could be made); empty if all went out
	 */
	Map<MimeMessage, Exception> send(List<MimeMessage> messages) {
		if (messages.isEmpty()) {
			return Map.of();
		}
		Open reused = takeIdle();
		if (reused != null) {
			Map<MimeMessage, Exception> failed = sendOver(reused, messages);
			if (failed.size() < messages.size()) {
				return failed;
			}
			// the server may have closed it while idle: nothing of the batch went out
			log.debug("Every email failed over an SMTP connection kept open; sending them over a new one",
					failed.get(messages.get(0)));
		}
		Open fresh;
		try {
			fresh = connect();
		}
		catch (MessagingException | RuntimeException ex) {
			Map<MimeMessage, Exception> all = new HashMap<>();
			messages.forEach((message) -> all.put(message, ex));
			return all;
		}
		return sendOver(fresh, messages);
	}

	/**
	 * Sends over the connection; gives it back for the next batch if every message went
	 * out, closes it otherwise.
	 */
	private Map<MimeMessage, Exception> sendOver(Open connection, List<MimeMessage> messages) {
		Map<MimeMessage, Exception> failed = new HashMap<>();
		for (MimeMessage message : messages) {
			try {
				Address[] to = message.getAllRecipients();
				connection.transport().sendMessage(message, (to != null) ? to : new Address[0]);
			}
			catch (MessagingException | RuntimeException ex) {
				failed.put(message, ex);
			}
		}
		if (failed.isEmpty()) {
			this.idle.push(new Open(connection.transport(), System.nanoTime()));
		}
		else {
			close(connection);
		}
		return failed;
	}

	/**
	 * The most recently used idle connection still within its keep-alive; closes those
	 * past it.
	 */
	private Open takeIdle() {
		closeIdle();
		return this.idle.pollFirst();
	}

	/** Closes the connections unused for longer than the keep-alive. */
	void closeIdle() {
		long now = System.nanoTime();
		for (Open open : this.idle) {
			if (now - open.since() > this.keepAliveNanos && this.idle.remove(open)) {
				close(open);
			}
		}
	}

	private Open connect() throws MessagingException {
		String username = emptyToNull(this.mail.getUsername());
		String password = (username != null) ? this.mail.getPassword() : emptyToNull(this.mail.getPassword());
		String protocol = Objects.requireNonNullElse(this.mail.getProtocol(), Objects.requireNonNullElse(
				this.mail.getSession().getProperty("mail.transport.protocol"), JavaMailSenderImpl.DEFAULT_PROTOCOL));
		Transport transport = this.mail.getSession().getTransport(protocol);
		transport.connect(this.mail.getHost(), this.mail.getPort(), username, password);
		return new Open(transport, System.nanoTime());
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	private static void close(Open connection) {
		try {
			connection.transport().close();
		}
		catch (MessagingException | RuntimeException ex) {
			// the server went away already: nothing to close
			log.debug("Closing an SMTP connection failed", ex);
		}
	}

	@Override
	public void destroy() {
		for (Open open = this.idle.poll(); open != null; open = this.idle.poll()) {
			close(open);
		}
	}

	/** A connection, and since when it is idle (System.nanoTime). */
	private record Open(Transport transport, long since) {
	}

}
