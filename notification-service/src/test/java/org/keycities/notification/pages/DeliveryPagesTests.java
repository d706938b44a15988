package org.keycities.notification.pages;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestRecipients;
import org.keycities.notification.delivery.Delivery;
import org.keycities.notification.delivery.DeliveryLog;
import org.keycities.notification.delivery.DeliveryStatus;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@NotificationServiceTest
class DeliveryPagesTests {

	private static final String TITLE = "Budget <b>\"bold\"</b> & more";

	@Autowired
	MockMvc mvc;

	@Autowired
	DeliveryLog deliveries;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	ActivityTopic topic;

	final String group = "group-" + UUID.randomUUID();

	final String reader = "reader-" + UUID.randomUUID() + "@council.gov.uk";

	@BeforeEach
	void openTopic() {
		this.topic = new ActivityTopic(this.brokers);
	}

	@AfterEach
	void closeTopic() {
		this.topic.close();
	}

	@Test
	void theLogFiltersByStatusAndEachDeliveryShowsItsAttemptsAndTheMessageAsSent() throws Exception {
		TestRecipients.add(this.mvc, this.group, this.reader, "");
		this.topic.publish(new MilestoneRecorded(Milestones.withTitle(Milestones.milestone(this.group), TITLE)));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.deliveries.search(this.group, DeliveryStatus.SENT, null, null, 10), (l) -> l.size() == 1);
		Delivery sent = this.deliveries.search(this.group, DeliveryStatus.SENT, null, null, 10).get(0);
		String log = "/groups/" + this.group + "/deliveries";

		this.mvc.perform(get(log).param("status", "SENT").with(user("officer").roles("OFFICER")))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString(this.reader), containsString("New milestone"),
					containsString("<option value=\"SENT\" selected=\"selected\">Sent</option>"),
					containsString(log + "/" + sent.getId()))));
		this.mvc.perform(get(log).param("status", "FAILED").with(user("officer").roles("OFFICER")))
			.andExpect(content().string(allOf(containsString("No emails match."), not(containsString(this.reader)))));
		this.mvc.perform(get(log).param("recipient", "someone-else@council.gov.uk").with(user("admin").roles("ADMIN")))
			.andExpect(content().string(containsString("No emails match.")));

		String page = this.mvc.perform(get(log + "/" + sent.getId()).with(user("admin").roles("ADMIN")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("<iframe class=\"app-message-frame\" sandbox=\"\"")
			// the HTML part escaped the title once; inside srcdoc it is escaped again
			.contains("&amp;lt;b&amp;gt;&amp;quot;bold&amp;quot;&amp;lt;/b&amp;gt; &amp;amp; more")
			.doesNotContain("<b>\"bold\"</b>")
			.contains("id=\"plain-text\"")
			.contains("Budget &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; more")
			.contains(sent.getMessageId().replace("<", "&lt;").replace(">", "&gt;"));
		assertThat(List.of(sent.getAttemptLog().get(0).outcome())).containsExactly(DeliveryStatus.SENT);
		assertThat(page).contains("id=\"attempts\"");
	}

	@Test
	void aDeliveryOfAnotherGroupIsNotShownUnderThisOne() throws Exception {
		this.mvc
			.perform(get("/groups/" + this.group + "/deliveries/no-such-delivery").with(user("admin").roles("ADMIN")))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("Page not found")));
	}

}
