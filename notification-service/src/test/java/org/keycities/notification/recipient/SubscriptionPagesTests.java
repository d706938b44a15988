package org.keycities.notification.recipient;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneType;
import org.keycities.notification.Mail;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestMailServer;
import org.keycities.notification.TestRecipients;
import org.keycities.notification.security.RecipientTokens;
import org.keycities.notification.security.RecipientTokens.Purpose;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@NotificationServiceTest
class SubscriptionPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Recipients recipients;

	@Autowired
	RecipientTokens tokens;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	ActivityTopic topic;

	final String group = "group-" + UUID.randomUUID();

	final String leaver = "leaver-" + UUID.randomUUID() + "@council.gov.uk";

	final String stayer = "stayer-" + UUID.randomUUID() + "@council.gov.uk";

	String leaverId;

	@BeforeEach
	void setUp() throws Exception {
		this.topic = new ActivityTopic(this.brokers);
		this.leaverId = TestRecipients.add(this.mvc, this.group, this.leaver, "");
		TestRecipients.add(this.mvc, this.group, this.stayer, "");
	}

	@AfterEach
	void closeTopic() {
		this.topic.close();
	}

	@Test
	void oneClickPostToTheListUnsubscribeLinkStopsFurtherEmails() throws Exception {
		this.topic.publish(new MilestoneRecorded(Milestones.withTitle(Milestones.milestone(this.group), "Before")));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TestMailServer.receivedBy(this.leaver)).hasSize(1));
		MimeMessage email = TestMailServer.receivedBy(this.leaver).get(0);
		String link = Mail.header(email, "List-Unsubscribe").replaceAll("^<|>$", "");
		String path = link.substring("http://localhost:8083".length());

		// what a mail client does for RFC 8058: no cookie, no CSRF token, just this body
		this.mvc
			.perform(
					post(path).contentType(MediaType.APPLICATION_FORM_URLENCODED).content("List-Unsubscribe=One-Click"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("You are unsubscribed")));
		assertThat(this.recipients.findById(this.leaverId)).get().satisfies((r) -> {
			assertThat(r.isSubscribed()).isFalse();
			assertThat(r.getUnsubscribedAt()).isNotNull();
		});

		this.topic.publish(new MilestoneRecorded(Milestones.withTitle(Milestones.milestone(this.group), "After")));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(TestMailServer.receivedBy(this.stayer)).hasSize(2));
		assertThat(TestMailServer.receivedBy(this.leaver)).hasSize(1);
	}

	@Test
	void unsubscribeLinkFirstAsksForConfirmation() throws Exception {
		String token = this.tokens.issue(this.leaverId, Purpose.UNSUBSCRIBE);
		this.mvc.perform(get("/unsubscribe").param("token", token))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<html lang=\"en\" class=\"govuk-template\">")))
			.andExpect(content().string(containsString(this.leaver)))
			.andExpect(content().string(containsString(">Unsubscribe</button>")));
		assertThat(this.recipients.findById(this.leaverId)).get()
			.satisfies((r) -> assertThat(r.isSubscribed()).isTrue());
	}

	@Test
	void tamperedExpiredOrMisusedLinksGetA400PageAndChangeNothing() throws Exception {
		String genuine = this.tokens.issue(this.leaverId, Purpose.UNSUBSCRIBE);
		String otherRecipient = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(
					(UUID.randomUUID() + "|UNSUBSCRIBE|" + Instant.now().plusSeconds(3600).getEpochSecond()).getBytes())
				+ genuine.substring(genuine.indexOf('.'));
		String flipped = genuine.substring(0, genuine.length() - 2)
				+ (genuine.charAt(genuine.length() - 2) == 'A' ? 'B' : 'A') + genuine.charAt(genuine.length() - 1);
		String expired = this.tokens.issue(this.leaverId, Purpose.UNSUBSCRIBE, Instant.now().minusSeconds(1));
		String forPreferences = this.tokens.issue(this.leaverId, Purpose.PREFERENCES);
		for (String token : new String[] { otherRecipient, flipped, expired, forPreferences, "garbage", "" }) {
			this.mvc.perform(post("/unsubscribe").param("token", token))
				.andExpect(status().isBadRequest())
				.andExpect(content().string(containsString("This link does not work")));
			this.mvc.perform(get("/unsubscribe").param("token", token)).andExpect(status().isBadRequest());
		}
		this.mvc.perform(post("/unsubscribe")).andExpect(status().isBadRequest());
		this.mvc.perform(post("/preferences").param("token", genuine).param("frequency", "WEEKLY_DIGEST"))
			.andExpect(status().isBadRequest());
		assertThat(this.recipients.findById(this.leaverId)).get().satisfies((r) -> {
			assertThat(r.isSubscribed()).isTrue();
			assertThat(r.getFrequency()).isEqualTo(Frequency.IMMEDIATE);
		});
	}

	@Test
	void preferencesPageChangesTypesWorkstreamsAndFrequency() throws Exception {
		String token = this.tokens.issue(this.leaverId, Purpose.PREFERENCES);
		this.mvc.perform(get("/preferences").param("token", token))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("for=\"frequency-weekly\">One email a week")))
			.andExpect(content().string(containsString("Consultation response")))
			.andExpect(content().string(not(containsString("Your preferences are saved"))));
		this.mvc
			.perform(post("/preferences").param("token", token)
				.param("subscribed", "on")
				.param("frequency", "WEEKLY_DIGEST")
				.param("types", "LAUNCH", "SUBMISSION", "NOT_A_TYPE")
				.param("workstreams", "Industrial Strategy"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Your preferences are saved")));
		assertThat(this.recipients.findById(this.leaverId)).get().satisfies((r) -> {
			assertThat(r.getFrequency()).isEqualTo(Frequency.WEEKLY_DIGEST);
			assertThat(r.getTypes()).containsExactlyInAnyOrder(MilestoneType.LAUNCH, MilestoneType.SUBMISSION);
			assertThat(r.getWorkstreams()).containsExactly("Industrial Strategy");
			assertThat(r.isSubscribed()).isTrue();
		});
	}

}
