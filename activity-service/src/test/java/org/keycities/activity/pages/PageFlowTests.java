package org.keycities.activity.pages;

import org.junit.jupiter.api.Test;
import org.keycities.activity.ActivityServiceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The forms against the real services and database: create a group, edit its profile,
 * record, amend and withdraw a milestone, and lose a race against another officer.
 */
@ActivityServiceTest
class PageFlowTests {

	@Autowired
	MockMvc mvc;

	@Test
	void anOfficerCreatesAGroupEditsItsProfileAndRecordsAmendsAndWithdrawsAMilestone() throws Exception {
		this.mvc
			.perform(post("/groups").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("id", "pages-flow")
				.param("name", "Pages Flow Group")
				.param("leadMember", "Cllr Jane Doe, Torbay Council")
				.param("leadOfficer", "John Roe, Torbay Council")
				.param("reportingYearStartMonth", "4")
				.param("membership", "Torbay Council\n\nPlymouth City Council\n"))
			.andExpect(redirectedUrl("/groups/pages-flow"));
		this.mvc.perform(get("/api/groups/pages-flow").with(httpBasic("board", "board")))
			.andExpect(jsonPath("$.membership.length()").value(2))
			.andExpect(jsonPath("$.reportingYearStartMonth").value(4));

		this.mvc
			.perform(post("/groups/pages-flow/profile").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("version", "0")
				.param("name", "Pages Flow Group")
				.param("leadMember", "Cllr Jane Doe, Torbay Council")
				.param("leadOfficer", "John Roe, Torbay Council")
				.param("reportingYearStartMonth", "4")
				.param("workstreamOrder", "Housing\nSkills"))
			.andExpect(redirectedUrl("/groups/pages-flow"));
		this.mvc
			.perform(post("/groups/pages-flow/profile").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("version", "0")
				.param("name", "An older idea of the name")
				.param("leadMember", "Cllr Jane Doe")
				.param("leadOfficer", "John Roe"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Someone else changed this group")))
			.andExpect(content().string(containsString("value=\"Pages Flow Group\"")));

		String location = this.mvc
			.perform(post("/groups/pages-flow/milestones").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("type", "EVENT")
				.param("title", "Housing summit")
				.param("workstream", "Housing")
				.param("date", "2017-05"))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).startsWith("/milestones/");
		this.mvc.perform(get(location).with(user("board").roles("BOARD")))
			.andExpect(content().string(containsString("May 2017")))
			.andExpect(content().string(containsString("2017/18")));
		this.mvc.perform(get("/groups/pages-flow/milestones/new").with(user("officer").roles("OFFICER")))
			.andExpect(content().string(containsString("<option value=\"Skills\">")));

		this.mvc
			.perform(post(location + "/amend").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("version", "0")
				.param("type", "EVENT")
				.param("title", "Housing summit in Torquay")
				.param("date", "2017-05"))
			.andExpect(redirectedUrl(location));
		this.mvc
			.perform(post(location + "/amend").with(user("admin").roles("ADMIN"))
				.with(csrf())
				.param("version", "0")
				.param("type", "EVENT")
				.param("title", "Housing summit (old copy)"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Someone else changed this milestone")))
			.andExpect(content().string(containsString("value=\"Housing summit in Torquay\"")));

		this.mvc
			.perform(post(location + "/withdraw").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("version", "1")
				.param("reason", " "))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Enter the reason for withdrawing this milestone")));
		this.mvc
			.perform(post(location + "/withdraw").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("version", "1")
				.param("reason", "Recorded twice"))
			.andExpect(redirectedUrl(location));
		this.mvc.perform(get(location).with(user("board").roles("BOARD")))
			.andExpect(content().string(containsString("Withdrawn")))
			.andExpect(content().string(containsString("Reason: Recorded twice")));
	}

}
