package org.keycities.localstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * An SMTP server that keeps every message it receives (GreenMail), and a small web page
 * that lists them and shows each one as its recipient would see it.
 * <p>
 * The messages are kept in a list of this class, once per recipient in the order they
 * arrived, not in GreenMail's mailboxes: GreenMail files each message into its
 * recipient's IMAP inbox (creating a user for each new address) and parses it there into
 * the attributes an IMAP client may ask for. Nothing here reads mail over IMAP, and a
 * profile of one milestone's email to 1,000 recipients showed the filing taking two
 * thirds of the SMTP server's CPU per message.
 */
public final class MailCapture {

	private final int smtpPort;

	private GreenMail smtp;

	/** Every message received since start, oldest first (guarded by itself). */
	private final List<MimeMessage> received = new ArrayList<>();

	private final int webPort;

	private HttpServer web;

	private volatile BiConsumer<MimeMessage, String> deliveries = (message, recipient) -> {
	};

	static {
		// Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader, scanning the
		// class path, on every call that decodes a header or a body part: most of the
		// SMTP
		// server's time per message (jakartaee/mail-api#861). Naming the provider skips
		// the scan.
		if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
			System.setProperty("jakarta.mail.util.StreamProvider", MailStreamProvider.class.getName());
		}
	}

	MailCapture(int smtpPort, int webPort) {
		this.smtpPort = smtpPort;
		this.smtp = newSmtpServer();
		this.webPort = webPort;
	}

	void start() throws IOException {
		this.smtp.start();
		listen();
		this.web = HttpServer.create(new InetSocketAddress("127.0.0.1", this.webPort), 0);
		this.web.createContext("/", this::handle);
		this.web.start();
	}

	/**
	 * GreenMail, answering each connection with Nagle's algorithm off. GreenMail writes
	 * each line of its reply to {@code EHLO} on its own; with Nagle's algorithm the
	 * second line waited for the client's acknowledgement of the first, which the
	 * client's TCP delays by 40 ms: every new connection took 42 ms to open (22 a second,
	 * one after the other), which real mail servers, writing the reply at once, do not.
	 */
	private GreenMail newSmtpServer() {
		return new GreenMail(new ServerSetup(this.smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)) {

			@Override
			protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
				return Map.of(ServerSetup.PROTOCOL_SMTP, new SmtpServer(config[0], managers) {

					@Override
					protected void handleClientSocket(Socket client) throws SocketException {
						client.setTcpNoDelay(true);
						super.handleClientSocket(client);
					}

				});
			}

		};
	}

	public void stop() {
		if (this.web != null) {
			this.web.stop(0);
		}
		this.smtp.stop();
	}

	/**
	 * Takes the SMTP server down (connections are refused) while keeping what it
	 * received.
	 */
	public synchronized void stopSmtp() {
		this.smtp.stop();
	}

	/** Brings the SMTP server back on the same port. */
	public synchronized void startSmtp() {
		this.smtp = newSmtpServer();
		this.smtp.start();
		listen();
	}

	/**
	 * Calls the listener for each message as it is delivered to each recipient (the
	 * message and the recipient's address), on the SMTP server's thread.
	 */
	public void onDelivery(BiConsumer<MimeMessage, String> listener) {
		this.deliveries = listener;
	}

	private void listen() {
		this.smtp.getUserManager().setMessageDeliveryHandler((message, address) -> new Inbox(address.getEmail()));
	}

	/** Every message received since start, oldest first. */
	public List<MimeMessage> messages() {
		synchronized (this.received) {
			return new ArrayList<>(this.received);
		}
	}

	/** How many mailboxes GreenMail keeps, for tests: none, as none is filled. */
	int mailboxes() {
		return this.smtp.getUserManager().listUser().size();
	}

	/**
	 * What GreenMail delivers a message to, for one recipient: it keeps the message in
	 * {@link #received} and tells the listener. Only delivery is asked of it.
	 */
	private final class Inbox implements GreenMailUser {

		private final String email;

		Inbox(String email) {
			this.email = email;
		}

		@Override
		public void deliver(MovingMessage message) {
			deliver(message.getMessage());
		}

		@Override
		public void deliver(MimeMessage message) {
			synchronized (MailCapture.this.received) {
				MailCapture.this.received.add(message);
			}
			MailCapture.this.deliveries.accept(message, this.email);
		}

		@Override
		public String getEmail() {
			return this.email;
		}

		@Override
		public String getLogin() {
			return this.email;
		}

		@Override
		public String getQualifiedMailboxName() {
			return this.email;
		}

		@Override
		public void create() {
			throw new UnsupportedOperationException("The local SMTP server keeps no mailboxes");
		}

		@Override
		public void delete() {
			throw new UnsupportedOperationException("The local SMTP server keeps no mailboxes");
		}

		@Override
		public String getPassword() {
			throw new UnsupportedOperationException("The local SMTP server keeps no mailboxes");
		}

		@Override
		public void setPassword(String password) {
			throw new UnsupportedOperationException("The local SMTP server keeps no mailboxes");
		}

		@Override
		public void authenticate(String password) {
			throw new UnsupportedOperationException("The local SMTP server keeps no mailboxes");
		}

	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		List<MimeMessage> messages = messages();
		String page;
		int status = 200;
		try {
			if (path.equals("/")) {
				page = list(messages);
			}
			else if (path.matches("/messages/\\d+")) {
				int index = Integer.parseInt(path.substring("/messages/".length()));
				if (index < messages.size()) {
					page = show(index, messages.get(index));
				}
				else {
					status = 404;
					page = layout("Email not found",
							"<p>There is no email with that number.</p><p><a href=\"/\">All emails</a></p>");
				}
			}
			else {
				status = 404;
				page = layout("Page not found", "<p><a href=\"/\">All emails</a></p>");
			}
		}
		catch (MessagingException | IOException ex) {
			status = 500;
			page = layout("Email could not be read", "<p>" + escape(String.valueOf(ex.getMessage())) + "</p>");
		}
		byte[] body = page.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
		exchange.getResponseHeaders()
			.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private String list(List<MimeMessage> messages) throws MessagingException {
		StringBuilder rows = new StringBuilder();
		for (int i = messages.size() - 1; i >= 0; i--) {
			MimeMessage m = messages.get(i);
			rows.append("<tr><td>")
				.append(escape(String.valueOf(m.getSentDate())))
				.append("</td><td>")
				.append(escape(recipients(m)))
				.append("</td><td><a href=\"/messages/")
				.append(i)
				.append("\">")
				.append(escape(String.valueOf(m.getSubject())))
				.append("</a></td></tr>");
		}
		String table = messages.isEmpty() ? "<p>No emails have been sent yet.</p>"
				: "<table><thead><tr><th scope=\"col\">Sent</th><th scope=\"col\">To</th><th scope=\"col\">Subject</th></tr></thead><tbody>"
						+ rows + "</tbody></table>";
		return layout("Captured emails (" + messages.size() + ")",
				"<p>Every email the system sent while running locally. Nothing leaves this machine.</p>" + table);
	}

	private String show(int index, MimeMessage m) throws MessagingException, IOException {
		String html = part(m, "text/html");
		String text = part(m, "text/plain");
		StringBuilder body = new StringBuilder("<p><a href=\"/\">All emails</a></p><dl>");
		body.append("<dt>To</dt><dd>").append(escape(recipients(m))).append("</dd>");
		body.append("<dt>From</dt><dd>").append(escape(String.valueOf(List.of(m.getFrom())))).append("</dd>");
		body.append("<dt>Message-ID</dt><dd>").append(escape(String.valueOf(m.getMessageID()))).append("</dd>");
		String unsubscribe = m.getHeader("List-Unsubscribe", ",");
		if (unsubscribe != null) {
			body.append("<dt>List-Unsubscribe</dt><dd>").append(escape(unsubscribe)).append("</dd>");
		}
		body.append("</dl>");
		if (html != null) {
			// the message's own HTML, shown inside a sandbox so none of its scripts can
			// run
			body.append("<h2>As the recipient sees it</h2><iframe title=\"Email ")
				.append(index)
				.append("\" sandbox srcdoc=\"")
				.append(escape(html))
				.append("\" style=\"width:100%;height:32rem;border:1px solid #b1b4b6\"></iframe>");
		}
		if (text != null) {
			body.append("<h2>Plain text version</h2><pre>").append(escape(text)).append("</pre>");
		}
		return layout(String.valueOf(m.getSubject()), body.toString());
	}

	private static String recipients(MimeMessage m) throws MessagingException {
		var to = m.getRecipients(Message.RecipientType.TO);
		return to == null ? "" : String.join(", ", java.util.Arrays.stream(to).map(Object::toString).toList());
	}

	private static String part(Part part, String type) throws MessagingException, IOException {
		if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
			return String.valueOf(part.getContent());
		}
		if (part.isMimeType("multipart/*")) {
			Multipart multipart = (Multipart) part.getContent();
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				String found = part(child, type);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static String layout(String title, String body) {
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
				+ "</title><style>body{font-family:Arial,sans-serif;margin:2rem;color:#0b0c0c}"
				+ "table{border-collapse:collapse}td,th{border-bottom:1px solid #b1b4b6;padding:.5rem;text-align:left}"
				+ "a{color:#1d70b8}a:focus{outline:3px solid #fd0}dt{font-weight:bold}pre{white-space:pre-wrap}</style></head><body><h1>"
				+ escape(title) + "</h1>" + body + "</body></html>";
	}

	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '&' -> out.append("&amp;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

}
