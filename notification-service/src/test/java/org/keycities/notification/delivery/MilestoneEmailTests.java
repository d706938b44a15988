package org.keycities.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@NotificationServiceTest
class MilestoneEmailTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	DeliveryLog deliveries;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	ActivityTopic topic;

	final String group = "group-" + UUID.randomUUID();

	@BeforeEach
	void openTopic() {
		this.topic = new ActivityTopic(this.brokers);
	}

	@AfterEach
	void closeTopic() {
		this.topic.close();
	}

	private static String address(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@council.gov.uk";
	}

	@Test
	void eachMatchingImmediateRecipientGetsOneMultipartEmailWithUnsubscribeHeaders() throws Exception {
		String everything = address("all");
		String launches = address("launches");
		String submissions = address("submissions");
		String weekly = address("weekly");
		TestRecipients.add(this.mvc, this.group, everything, "");
		TestRecipients.add(this.mvc, this.group, launches,
				"\"types\":[\"LAUNCH\"],\"workstreams\":[\"key cities appg\"]");
		TestRecipients.add(this.mvc, this.group, submissions, "\"types\":[\"SUBMISSION\"]");
		TestRecipients.add(this.mvc, this.group, weekly, "\"frequency\":\"WEEKLY_DIGEST\"");
		this.topic.publish(Milestones.group(this.group, "Key Cities Group"));
		MilestoneSnapshot milestone = Milestones.withLinks(
				Milestones.withTitle(Milestones.milestone(this.group), "APPG <launched> & \"celebrated\""),
				List.of("https://www.keycities.co.uk/appg", "https://example.org/search?q=\"x\"&y=<z>"));
		String eventId = this.topic.publish(new MilestoneRecorded(milestone));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(TestMailServer.receivedBy(everything)).hasSize(1);
			assertThat(TestMailServer.receivedBy(launches)).hasSize(1);
		});
		MimeMessage email = TestMailServer.receivedBy(everything).get(0);
		assertThat(Mail.subject(email)).isEqualTo("[Key Cities Group] APPG <launched> & \"celebrated\"");
		assertThat(email.getContentType()).startsWith("multipart/alternative");
		Multipart parts = Mail.alternative(email);
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
		assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();

		String html = Mail.part(email, "text/html");
		assertThat(html).contains("APPG &lt;launched&gt; &amp; &quot;celebrated&quot;")
			.doesNotContain("<launched>")
			.contains("Launch")
			.contains("8 February 2017")
			.contains("Key Cities APPG")
			.contains("The All Party Parliamentary Group for Key Cities was launched in Parliament.")
			.contains("href=\"https://www.keycities.co.uk/appg\"")
			.contains("href=\"https://example.org/search?q=&quot;x&quot;&amp;y=&lt;z&gt;\"")
			.contains("http://localhost:8083/preferences?token=")
			.contains("http://localhost:8083/unsubscribe?token=");
		String text = Mail.part(email, "text/plain");
		assertThat(text).contains("APPG <launched> & \"celebrated\"")
			.contains("Type: Launch")
			.contains("Date: 8 February 2017")
			.contains("Workstream: Key Cities APPG")
			.contains("- https://www.keycities.co.uk/appg")
			.contains("- https://example.org/search?q=\"x\"&y=<z>")
			.contains("Unsubscribe: http://localhost:8083/unsubscribe?token=");

		assertThat(Mail.header(email, "List-Unsubscribe")).matches("<http://localhost:8083/unsubscribe\\?token=[^>]+>");
		assertThat(Mail.header(email, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
		List<Delivery> sent = this.deliveries.search(this.group, DeliveryStatus.SENT, everything, eventId, 10);
		assertThat(sent).singleElement().satisfies((delivery) -> {
			assertThat(delivery.getKind()).isEqualTo(DeliveryKind.IMMEDIATE);
			assertThat(delivery.getAttempts()).isEqualTo(1);
			assertThat(delivery.getEventId()).isEqualTo(eventId);
			assertThat(delivery.getMessageId()).matches("<[0-9a-f-]{36}@notification\\.keycities>");
			assertThat(Mail.header(email, "Message-ID")).isEqualTo(delivery.getMessageId());
			assertThat(delivery.getSubject()).isEqualTo(Mail.subject(email));
			assertThat(delivery.getHtml()).isEqualToNormalizingNewlines(html);
		});

		Thread.sleep(300);
		assertThat(TestMailServer.receivedBy(submissions)).isEmpty();
		assertThat(TestMailServer.receivedBy(weekly)).isEmpty();
		assertThat(TestMailServer.receivedBy(everything)).hasSize(1);

		this.mvc
			.perform(get("/api/groups/" + this.group + "/deliveries").param("eventId", eventId)
				.with(httpBasic("officer", "officer")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[0].status").value("SENT"));
		this.mvc
			.perform(get("/api/groups/" + this.group + "/deliveries").param("status", "SENT")
				.param("recipient", everything)
				.with(httpBasic("admin", "admin")))
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].email").value(everything))
			.andExpect(jsonPath("$[0].kind").value("IMMEDIATE"))
			.andExpect(jsonPath("$[0].attempts").value(1))
			.andExpect(jsonPath("$[0].attemptLog[0].outcome").value("SENT"))
			.andExpect(jsonPath("$[0].eventId").value(eventId));
		String id = sent.get(0).getId();
		this.mvc.perform(get("/api/deliveries/" + id).with(httpBasic("officer", "officer")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.messageId").value(sent.get(0).getMessageId()))
			.andExpect(jsonPath("$.sentAt").exists());
		this.mvc.perform(get("/api/deliveries/" + id + "/message").with(httpBasic("officer", "officer")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value(Mail.subject(email)))
			.andExpect(jsonPath("$.text").value(org.hamcrest.Matchers.containsString("Type: Launch")));
		this.mvc
			.perform(get("/api/groups/" + this.group + "/deliveries").param("status", "SOMETIMES")
				.with(httpBasic("officer", "officer")))
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/api/deliveries/" + id).with(httpBasic("board", "board")))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/deliveries/" + id)).andExpect(status().isUnauthorized());
	}

}
