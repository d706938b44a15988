package org.keycities.localstack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MailCaptureTests {

	private MailCapture mail;

	private int smtpPort;

	private int webPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void start() throws Exception {
		this.smtpPort = freePort();
		this.webPort = freePort();
		this.mail = new MailCapture(this.smtpPort, this.webPort);
		this.mail.start();
	}

	@AfterEach
	void stop() {
		this.mail.stop();
	}

	/**
	 * GreenMail writes each line of its EHLO reply on its own: with Nagle's algorithm the
	 * second line waits for the client's delayed acknowledgement, 40 ms on Linux, at
	 * every connection. The median of ten is far from both 40 ms and the limit.
	 */
	@Test
	void theReplyToEhloArrivesWithoutWaitingForTheClientsAcknowledgement() throws Exception {
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			try (Socket socket = new Socket("127.0.0.1", this.smtpPort)) {
				BufferedReader in = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
				assertThat(in.readLine()).startsWith("220");
				long start = System.nanoTime();
				socket.getOutputStream().write("EHLO test.example.org\r\n".getBytes(StandardCharsets.US_ASCII));
				String line;
				do {
					line = in.readLine();
				}
				while (line != null && line.startsWith("250-"));
				millis.add((System.nanoTime() - start) / 1_000_000);
				assertThat(line).startsWith("250 ");
				socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
			}
		}
		Collections.sort(millis);
		assertThat(millis.get(millis.size() / 2)).as("median ms of %s", millis).isLessThan(20);
	}

	@Test
	void listsCapturedEmailsAndShowsEachAsItsRecipientSeesIt() throws Exception {
		send("[Key Cities Group] APPG launched", "<p>The <b>APPG</b> launched.</p>", "The APPG launched.");

		String list = page("/");
		assertThat(list).contains("Captured emails (1)")
			.contains("[Key Cities Group] APPG launched")
			.contains("sunderland.policy@example.org")
			.contains("href=\"/messages/0\"");

		String message = page("/messages/0");
		assertThat(message).contains("sandbox srcdoc=\"&lt;p&gt;The &lt;b&gt;APPG&lt;/b&gt; launched.&lt;/p&gt;")
			.contains("<pre>The APPG launched.</pre>");
	}

	@Test
	void jakartaMailsStreamProviderIsNamedSoThatNoMessageScansTheClassPath() {
		assertThat(System.getProperty("jakarta.mail.util.StreamProvider"))
			.isEqualTo(org.eclipse.angus.mail.util.MailStreamProvider.class.getName());
		assertThat(jakarta.mail.util.StreamProvider.provider())
			.isInstanceOf(org.eclipse.angus.mail.util.MailStreamProvider.class);
	}

	@Test
	void subjectWithMarkupIsShownAsText() throws Exception {
		send("<script>alert(1)</script>", "<p>x</p>", "x");

		assertThat(page("/")).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
	}

	@Test
	void smtpServerCanGoDownAndComeBackKeepingWhatItReceived() throws Exception {
		send("Before", "<p>1</p>", "1");
		this.mail.stopSmtp();

		org.assertj.core.api.Assertions.assertThatThrownBy(() -> send("While down", "<p>2</p>", "2"))
			.isInstanceOf(jakarta.mail.MessagingException.class);

		this.mail.startSmtp();
		send("After", "<p>3</p>", "3");
		assertThat(this.mail.messages()).extracting(MimeMessage::getSubject).containsExactly("Before", "After");
	}

	@Test
	void keepsEachMessageOncePerRecipientInTheOrderReceivedWithoutFilingItIntoMailboxes() throws Exception {
		List<String> delivered = Collections.synchronizedList(new ArrayList<>());
		this.mail.onDelivery((message, recipient) -> delivered.add(recipient));

		send("First", "<p>1</p>", "1", "a.policy@example.org", "b.policy@example.org");
		send("Second", "<p>2</p>", "2", "c.policy@example.org");

		assertThat(this.mail.messages()).extracting(MimeMessage::getSubject)
			.containsExactly("First", "First", "Second");
		assertThat(delivered).containsExactly("a.policy@example.org", "b.policy@example.org", "c.policy@example.org");
		assertThat(this.mail.mailboxes()).as("GreenMail's IMAP mailboxes").isZero();
	}

	@Test
	void unknownMessageIsNotFound() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.webPort + "/messages/7")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("There is no email with that number.");
	}

	private void send(String subject, String html, String text) throws Exception {
		send(subject, html, text, "sunderland.policy@example.org");
	}

	private void send(String subject, String html, String text, String... to) throws Exception {
		Properties props = new Properties();
		props.put("mail.smtp.host", "127.0.0.1");
		props.put("mail.smtp.port", String.valueOf(this.smtpPort));
		MimeMessage message = new MimeMessage(Session.getInstance(props));
		message.setFrom(new InternetAddress("tracker@example.org"));
		message.setRecipients(Message.RecipientType.TO, String.join(",", to));
		message.setSubject(subject);
		MimeBodyPart plain = new MimeBodyPart();
		plain.setText(text, "UTF-8");
		MimeBodyPart rich = new MimeBodyPart();
		rich.setContent(html, "text/html; charset=UTF-8");
		message.setContent(new MimeMultipart("alternative", plain, rich));
		Transport.send(message);
	}

	private String page(String path) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.webPort + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
