package org.keycities.notification.pages;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.TestRecipients;
import org.keycities.notification.recipient.Recipient;
import org.keycities.notification.recipient.RecipientManagement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@NotificationServiceTest
class RecipientPagesTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	RecipientManagement management;

	final String group = "group-" + UUID.randomUUID();

	@Test
	void anonymousVisitorsAreSentToTheSignInPage() throws Exception {
		this.mvc.perform(get(recipients()))
			.andExpect(status().isFound())
			.andExpect(header().string("Location", containsString("/sign-in")));
		this.mvc.perform(get("/sign-in"))
			.andExpect(status().isOk())
			.andExpect(
					content().string(containsString("<label class=\"govuk-label\" for=\"username\">Username</label>")))
			.andExpect(content().string(containsString("name=\"_csrf\"")));
	}

	@Test
	void signingInWithTheFormGivesASessionAndSigningOutEndsIt() throws Exception {
		MockHttpSession session = (MockHttpSession) this.mvc
			.perform(post("/sign-in").param("username", "officer").param("password", "officer").with(csrf()))
			.andExpect(redirectedUrl("/"))
			.andReturn()
			.getRequest()
			.getSession(false);
		assertThat(session).isNotNull();
		this.mvc.perform(get(recipients()).session(session)).andExpect(status().isOk());
		this.mvc.perform(post("/sign-out").session(session).with(csrf()))
			.andExpect(redirectedUrl("/sign-in?signed-out=1"));
		this.mvc.perform(get(recipients()).session(session)).andExpect(status().isFound());
	}

	@Test
	void signingInWithAWrongPasswordShowsTheErrorSummary() throws Exception {
		this.mvc.perform(post("/sign-in").param("username", "admin").param("password", "wrong").with(csrf()))
			.andExpect(redirectedUrl("/sign-in?error=1"));
		this.mvc.perform(get("/sign-in?error=1"))
			.andExpect(content().string(containsString("govuk-error-summary")))
			.andExpect(content()
				.string(containsString("<a href=\"#username\">Enter a correct username and password</a>")));
	}

	@Test
	void officersAndAdminsSeeTheRecipientsButTheBoardIsForbidden() throws Exception {
		TestRecipients.add(this.mvc, this.group, "listed@council.gov.uk", "\"frequency\":\"WEEKLY_DIGEST\"");
		this.mvc.perform(get(recipients()).with(user("admin").roles("ADMIN")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("listed@council.gov.uk")))
			.andExpect(content().string(containsString("Weekly digest")))
			.andExpect(content().string(containsString("All milestone types in all workstreams")))
			.andExpect(content().string(containsString("Subscribed")));
		this.mvc.perform(get(recipients()).with(user("officer").roles("OFFICER"))).andExpect(status().isOk());
		this.mvc.perform(get(recipients()).with(user("board").roles("BOARD"))).andExpect(status().isForbidden());
		this.mvc.perform(get(recipients() + "/import").with(user("board").roles("BOARD")))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/groups/" + this.group + "/deliveries").with(user("board").roles("BOARD")))
			.andExpect(status().isForbidden());
	}

	@Test
	void aFormWithMistakesShowsEachInTheSummaryAndNextToItsField() throws Exception {
		this.mvc
			.perform(post(recipients() + "/new").with(user("admin").roles("ADMIN"))
				.with(csrf())
				.param("council", "")
				.param("email", "not-an-address")
				.param("frequency", "IMMEDIATE"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<title>Error: Add a recipient - SIG activity tracker</title>")))
			.andExpect(content().string(containsString("<a href=\"#council\">Enter the council</a>")))
			.andExpect(content().string(containsString(
					"<a href=\"#email\">Enter an email address in the correct format, like name@example.gov.uk</a>")))
			.andExpect(content().string(containsString("id=\"email-error\"")))
			.andExpect(content().string(containsString("aria-describedby=\"email-hint email-error\"")))
			.andExpect(content().string(containsString("value=\"not-an-address\"")));
		assertThat(this.management.list(this.group)).isEmpty();
	}

	@Test
	void addingChangingAndRemovingRedirectAfterEachPost() throws Exception {
		this.mvc
			.perform(post(recipients() + "/new").with(user("admin").roles("ADMIN"))
				.with(csrf())
				.param("council", "Sunderland City Council")
				.param("name", "Ann Lee")
				.param("email", "ann.lee@sunderland.gov.uk")
				.param("frequency", "IMMEDIATE")
				.param("types", "LAUNCH", "PUBLICATION")
				.param("workstreams", "Industrial Strategy, Skills"))
			.andExpect(redirectedUrl(recipients()))
			.andExpect(flash().attribute("success", "ann.lee@sunderland.gov.uk was added"));
		Recipient added = this.management.list(this.group).get(0);
		assertThat(added.getWorkstreams()).containsExactly("Industrial Strategy", "Skills");
		assertThat(added.getTypes()).hasSize(2);

		this.mvc
			.perform(post(recipients() + "/" + added.getId() + "/edit").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("council", "Sunderland City Council")
				.param("email", "ann.lee@sunderland.gov.uk")
				.param("frequency", "WEEKLY_DIGEST"))
			.andExpect(redirectedUrl(recipients()));
		Recipient changed = this.management.find(this.group, added.getId());
		assertThat(changed.getFrequency().name()).isEqualTo("WEEKLY_DIGEST");
		assertThat(changed.getTypes()).isEmpty();

		this.mvc.perform(get(recipients() + "/" + added.getId() + "/remove").with(user("admin").roles("ADMIN")))
			.andExpect(content().string(containsString("Are you sure you want to remove")));
		assertThat(this.management.list(this.group)).hasSize(1);
		this.mvc
			.perform(post(recipients() + "/" + added.getId() + "/remove").with(user("admin").roles("ADMIN"))
				.with(csrf()))
			.andExpect(redirectedUrl(recipients()));
		assertThat(this.management.list(this.group)).isEmpty();
	}

	@Test
	void addingAnAddressTheGroupHasShowsItAgainstTheEmailField() throws Exception {
		TestRecipients.add(this.mvc, this.group, "twice@council.gov.uk", "");
		this.mvc
			.perform(post(recipients() + "/new").with(user("admin").roles("ADMIN"))
				.with(csrf())
				.param("council", "Test Council")
				.param("email", "TWICE@council.gov.uk"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(
					"<a href=\"#email\">A recipient with this email address already exists in this group</a>")));
	}

	@Test
	void adminFormsNeedTheCsrfToken() throws Exception {
		String id = TestRecipients.add(this.mvc, this.group, "kept@council.gov.uk", "");
		this.mvc
			.perform(post(recipients() + "/new").with(user("admin").roles("ADMIN"))
				.param("council", "Test Council")
				.param("email", "sneaky@council.gov.uk"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post(recipients() + "/" + id + "/remove").with(user("admin").roles("ADMIN")))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(multipart(recipients() + "/import").file(csv("Test Council,Sam,sam@council.gov.uk\n"))
				.with(user("admin").roles("ADMIN")))
			.andExpect(status().isForbidden());
		assertThat(this.management.list(this.group)).extracting(Recipient::getEmail)
			.containsExactly("kept@council.gov.uk");
	}

	@Test
	void anImportWithBadLinesListsEveryLineAndAddsNobody() throws Exception {
		String file = "council,name,email\nLeeds City Council,Kim,kim@leeds.gov.uk\n,No Council,nc@x.gov.uk\n"
				+ "Hull City Council,Pat,not-an-address\n";
		this.mvc
			.perform(
					multipart(recipients() + "/import").file(csv(file)).with(user("admin").roles("ADMIN")).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<a href=\"#file\">Line 3: Enter the council</a>")))
			.andExpect(content().string(containsString(
					"<a href=\"#file\">Line 4: Enter an email address in the correct format, like name@example.gov.uk</a>")))
			.andExpect(content().string(containsString("The file has 2 mistakes. Nothing was imported")));
		assertThat(this.management.list(this.group)).isEmpty();

		this.mvc
			.perform(multipart(recipients() + "/import")
				.file(csv("Leeds City Council,Kim,kim@leeds.gov.uk\nHull City Council,Pat,pat@hull.gov.uk\n"))
				.with(user("admin").roles("ADMIN"))
				.with(csrf()))
			.andExpect(redirectedUrl(recipients()))
			.andExpect(flash().attribute("success", "2 recipients were imported"));
		assertThat(this.management.list(this.group)).hasSize(2);
	}

	@Test
	void aMissingRecipientIsAPageNotFound() throws Exception {
		this.mvc.perform(get(recipients() + "/no-such-id/edit").with(user("admin").roles("ADMIN")))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("Page not found")))
			.andExpect(content().string(not(containsString("problem"))));
	}

	private String recipients() {
		return "/groups/" + this.group + "/recipients";
	}

	private static MockMultipartFile csv(String content) {
		return new MockMultipartFile("file", "recipients.csv", "text/csv", content.getBytes(StandardCharsets.UTF_8));
	}

}
