package org.keycities.report.pages;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@BrokerIntegrationTest
class ReportPagesTests {

	static final String GROUP = "pages-city";

	static final RequestPostProcessor BOARD = user("board").roles("BOARD");

	private static boolean published;

	@Autowired
	MockMvc mvc;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@BeforeEach
	void publishOnce() {
		if (published) {
			return;
		}
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			ReportTestData.seed(GROUP).forEach(topic::publish);
			topic.publish(ReportTestData.recorded(GROUP, GROUP + "-inert", "Inert", null, "2017-03",
					"<script>alert('board')</script> & friends", List.of(), Instant.parse("2017-06-01T09:00:00Z")));
		}
		published = true;
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.mvc.perform(get("/groups/{g}/reports", GROUP).with(BOARD))
				.andExpect(content().string(containsString(">7</td>"))));
	}

	@Test
	void anonymousPeopleAreSentToSignIn() throws Exception {
		this.mvc.perform(get("/groups/{g}/reports/2017", GROUP))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/sign-in"));
		this.mvc.perform(get("/groups/{g}/reports/2017/download/pdf", GROUP))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/sign-in"));
	}

	@Test
	void signInPageHasALabelledFormWithACsrfToken() throws Exception {
		this.mvc.perform(get("/sign-in"))
			.andExpect(status().isOk())
			.andExpect(
					content().string(containsString("<label class=\"govuk-label govuk-label--s\" for=\"username\">")))
			.andExpect(content().string(containsString("name=\"_csrf\"")))
			.andExpect(content().string(containsString("SIG activity tracker")))
			.andExpect(content().string(not(containsString("GOV.UK"))));
	}

	@Test
	void boardSignsInWithTheFormAndTheSessionKeepsThemSignedIn() throws Exception {
		MvcResult signedIn = this.mvc.perform(formLogin("/sign-in").user("board").password("board"))
			.andExpect(redirectedUrl("/"))
			.andReturn();
		this.mvc.perform(get("/").session((MockHttpSession) signedIn.getRequest().getSession()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Signed in as <strong>board</strong>")))
			.andExpect(content().string(containsString("href=\"/groups/" + GROUP + "/reports\"")));
	}

	@Test
	void aWrongPasswordShowsTheErrorSummary() throws Exception {
		this.mvc.perform(formLogin("/sign-in").user("board").password("wrong"))
			.andExpect(redirectedUrl("/sign-in?error"));
		this.mvc.perform(get("/sign-in").param("error", ""))
			.andExpect(content().string(containsString("There is a problem")))
			.andExpect(content()
				.string(containsString("<a href=\"#username\">Enter a correct user name and password</a>")));
	}

	@Test
	void signingInWithoutACsrfTokenIsRefused() throws Exception {
		this.mvc.perform(post("/sign-in").param("username", "board").param("password", "board"))
			.andExpect(status().isForbidden());
	}

	@Test
	void signOutEndsTheSession() throws Exception {
		this.mvc.perform(post("/sign-out").with(BOARD).with(csrf())).andExpect(redirectedUrl("/sign-in?signedOut"));
	}

	@Test
	void officersAndAdminsMayReadThePagesToo() throws Exception {
		for (String role : List.of("OFFICER", "ADMIN")) {
			this.mvc.perform(get("/groups/{g}/reports/2017", GROUP).with(user(role.toLowerCase()).roles(role)))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("Download as PDF")));
		}
	}

	@Test
	void yearsAreListedWithTheirMilestoneCountsAndLinks() throws Exception {
		this.mvc.perform(get("/groups/{g}/reports", GROUP).with(BOARD))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("href=\"/groups/" + GROUP + "/reports/2017\"")))
			.andExpect(content().string(containsString("1 January 2017 to 31 December 2017")))
			.andExpect(content().string(containsString(">7</td>")));
	}

	@Test
	void boardReadsTheReportInThePageWithUserTextEscapedAndNoWriteActions() throws Exception {
		String page = this.mvc.perform(get("/groups/{g}/reports/2017", GROUP).with(BOARD))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("govuk-frontend.min.css", "Key Activities / Outcomes of work undertaken")
			.containsSubsequence("Key Cities APPG", "Industrial Strategy", "Inclusive Growth Commission", "Core Cities")
			.contains("&lt;script&gt;alert(&#39;board&#39;)&lt;/script&gt; &amp; friends")
			.doesNotContain("<script>alert(")
			.contains("href=\"/groups/" + GROUP + "/reports/2017/download/pdf\"",
					"href=\"/groups/" + GROUP + "/reports/2017/download/docx\"",
					"href=\"/groups/" + GROUP + "/reports/2017/download/md\"");
		// the only form is sign-out; the rebuild stays in the API
		assertThat(page.split("<form", -1)).hasSize(2);
		assertThat(page).doesNotContain("rebuild");
	}

	@Test
	void downloadsAreTheSameBytesAsTheApiWithAFileName() throws Exception {
		for (String format : List.of("pdf", "docx", "md")) {
			byte[] page = this.mvc.perform(get("/groups/{g}/reports/2017/download/{f}", GROUP, format).with(BOARD))
				.andExpect(status().isOk())
				.andExpect(header().string("Content-Disposition",
						"attachment; filename=\"" + GROUP + "-annual-report-2017." + format + "\""))
				.andReturn()
				.getResponse()
				.getContentAsByteArray();
			byte[] api = this.mvc
				.perform(get("/api/groups/{g}/reports/2017", GROUP).param("format", format)
					.with(httpBasic("board", "board")))
				.andReturn()
				.getResponse()
				.getContentAsByteArray();
			if ("md".equals(format)) {
				assertThat(page).isEqualTo(api);
			}
			else {
				// PDF and DOCX carry their creation time: compare what identifies them
				assertThat(page).startsWith(api[0], api[1], api[2], api[3]);
				assertThat(page.length).isCloseTo(api.length, withPercentage(2));
			}
		}
	}

	@Test
	void anUnknownGroupOrYearGetsTheStyledNotFoundPage() throws Exception {
		this.mvc.perform(get("/groups/{g}/reports", "nowhere").with(BOARD))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andExpect(content().string(containsString("Page not found")))
			.andExpect(content().string(containsString("govuk-frontend.min.css")));
		this.mvc.perform(get("/groups/{g}/reports/1999", GROUP).with(BOARD))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("This group has no report for 1999.")));
		this.mvc.perform(get("/groups/{g}/reports/2017/download/exe", GROUP).with(BOARD))
			.andExpect(status().isNotFound());
	}

	@Test
	void theApiStaysHttpBasicAndStateless() throws Exception {
		this.mvc.perform(get("/api/groups/{g}/reports", GROUP))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get("/api/groups/{g}/reports", GROUP).with(httpBasic("board", "board")))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("Set-Cookie"));
	}

}
