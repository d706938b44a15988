package org.keycities.activity.pages;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;
import org.keycities.activity.group.GroupManagement;
import org.keycities.activity.group.GroupView;
import org.keycities.activity.milestone.MilestoneManagement;
import org.keycities.activity.milestone.MilestoneManagement.Facets;
import org.keycities.activity.milestone.MilestoneManagement.MilestonePage;
import org.keycities.activity.milestone.MilestoneView;
import org.keycities.activity.security.SecurityConfiguration;
import org.keycities.activity.web.FieldProblem;
import org.keycities.activity.web.RequestRejected;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The officers' pages over MockMvc: forms, errors, redirects, CSRF and who sees what. */
@WebMvcTest({ GroupPages.class, MilestonePages.class, SignInPage.class })
@Import(SecurityConfiguration.class)
class PageControllerTests {

	private static final GroupView GROUP = new GroupView("key-cities", 3, "Key Cities", "Cllr Paul Watson",
			"Jill Laverick", null, null, null, null, List.of("Sunderland City Council"), null, null, List.of(), 1,
			List.of("Housing"), null, "officer", Instant.parse("2017-05-02T09:00:00Z"));

	private static final MilestoneView MILESTONE = new MilestoneView("m-1", "key-cities", 2, MilestoneType.LAUNCH,
			"APPG launched", "Key Cities APPG", "2017-02-08", null, "2017", "Launched in Parliament", List.of(),
			List.of(), MilestoneStatus.ACTIVE, null, "officer", Instant.parse("2017-05-02T09:00:00Z"), "officer",
			Instant.parse("2017-05-02T09:00:00Z"));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	MilestoneManagement milestones;

	@MockitoBean
	GroupManagement groups;

	@BeforeEach
	void knownGroupAndMilestone() {
		given(this.groups.find("key-cities")).willReturn(GROUP);
		given(this.groups.all()).willReturn(List.of(GROUP));
		given(this.milestones.find("m-1")).willReturn(MILESTONE);
		given(this.milestones.facets("key-cities")).willReturn(new Facets(List.of("Key Cities APPG"), List.of("2017")));
		given(this.milestones.search(eq("key-cities"), any()))
			.willReturn(new MilestonePage(List.of(MILESTONE), 0, 50, 1, 1));
	}

	@Test
	void signInWithTheConfiguredUsersLeadsToTheOnlyGroup() throws Exception {
		this.mvc.perform(formLogin("/sign-in").user("officer").password("officer")).andExpect(redirectedUrl("/"));
		this.mvc.perform(formLogin("/sign-in").user("officer").password("wrong"))
			.andExpect(redirectedUrl("/sign-in?error"));
		this.mvc.perform(get("/").with(user("officer").roles("OFFICER")))
			.andExpect(redirectedUrl("/groups/key-cities"));
		this.mvc.perform(get("/groups/key-cities")).andExpect(redirectedUrl("/sign-in"));
	}

	@Test
	void theGroupPageListsMilestonesWithDisplayDatesAndTypeLabels() throws Exception {
		this.mvc.perform(get("/groups/key-cities").with(user("officer").roles("OFFICER")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("8 February 2017")))
			.andExpect(content().string(containsString(">Launch<")))
			.andExpect(content().string(containsString("Record a milestone")))
			.andExpect(content().string(containsString("/dist/govuk/govuk-frontend.min.css")));
	}

	@Test
	void aWrongFormIsShownAgainWithTheApiMessagesInTheSummaryAndNextToEachField() throws Exception {
		given(this.milestones.record(eq("key-cities"), any(), eq("officer"), any())).willThrow(
				RequestRejected.invalid(List.of(new FieldProblem("title", "Enter a title"), new FieldProblem("links[1]",
						"Enter the link as a web address starting with http:// or https://"))));
		this.mvc
			.perform(post("/groups/key-cities/milestones").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("type", "LAUNCH")
				.param("title", "")
				.param("links", "https://example.org\nftp://example.org/file"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("govuk-error-summary")))
			.andExpect(content().string(containsString("<a href=\"#title\">Enter a title</a>")))
			.andExpect(content().string(containsString("id=\"title-error\"")))
			.andExpect(content().string(containsString("aria-describedby=\"title-hint title-error\"")))
			.andExpect(content().string(containsString(
					"<a href=\"#links\">Line 2: Enter the link as a web address starting with http:// or https://</a>")))
			.andExpect(content().string(containsString("ftp://example.org/file</textarea>")));
	}

	@Test
	void aRecordedMilestoneRedirectsToItsPageWithASuccessBanner() throws Exception {
		given(this.milestones.record(eq("key-cities"), any(), eq("officer"), any())).willReturn(MILESTONE);
		this.mvc
			.perform(post("/groups/key-cities/milestones").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("type", "LAUNCH")
				.param("title", "APPG launched"))
			.andExpect(redirectedUrl("/milestones/m-1"))
			.andExpect(flash().attribute("success", "Milestone recorded"));
	}

	@Test
	void aPostWithoutTheCsrfTokenIsRefused() throws Exception {
		this.mvc
			.perform(post("/groups/key-cities/milestones").with(user("officer").roles("OFFICER"))
				.param("type", "LAUNCH")
				.param("title", "APPG launched"))
			.andExpect(status().isForbidden());
		verifyNoInteractions(this.milestones);
	}

	@Test
	void theBoardSeesNoWriteActionsAndIsRefusedWhenItPostsAnyway() throws Exception {
		this.mvc.perform(get("/groups/key-cities").with(user("board").roles("BOARD")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("APPG launched")))
			.andExpect(content().string(not(containsString("Record a milestone"))))
			.andExpect(content().string(not(containsString("Edit the group profile"))));
		this.mvc.perform(get("/milestones/m-1").with(user("board").roles("BOARD")))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("Amend this milestone"))))
			.andExpect(content().string(not(containsString("Withdraw this milestone"))));
		this.mvc.perform(get("/groups/key-cities/milestones/new").with(user("board").roles("BOARD")))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(post("/milestones/m-1/withdraw").with(user("board").roles("BOARD"))
				.with(csrf())
				.param("reason", "Recorded twice")
				.param("version", "2"))
			.andExpect(status().isForbidden());
		verify(this.milestones, never()).withdraw(any(), any(), any(), any());
	}

	@Test
	void anAmendmentAgainstAnOldVersionSaysSomeoneElseChangedIt() throws Exception {
		given(this.milestones.amend(eq("m-1"), any(), eq("\"1\""), eq("officer")))
			.willThrow(RequestRejected.staleVersion(2));
		this.mvc
			.perform(post("/milestones/m-1/amend").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("type", "LAUNCH")
				.param("title", "APPG launched in Parliament")
				.param("version", "1"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Someone else changed this milestone")))
			.andExpect(content().string(containsString("name=\"version\" value=\"2\"")));
	}

	@Test
	void aWithdrawalWithoutAReasonShowsTheApiMessage() throws Exception {
		given(this.milestones.withdraw(eq("m-1"), any(), anyString(), eq("officer")))
			.willThrow(RequestRejected.invalid("reason", "Enter the reason for withdrawing this milestone"));
		this.mvc
			.perform(post("/milestones/m-1/withdraw").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("reason", "")
				.param("version", "2"))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(containsString("<a href=\"#reason\">Enter the reason for withdrawing this milestone</a>")));
	}

	@Test
	void theGroupProfileFormShowsTheApiMessagesAndSavesWithTheVersionRead() throws Exception {
		given(this.groups.replace(eq("key-cities"), any(), eq("\"3\""), eq("officer")))
			.willThrow(RequestRejected.invalid(List.of(new FieldProblem("name", "Enter the name of the group"))));
		this.mvc
			.perform(post("/groups/key-cities/profile").with(user("officer").roles("OFFICER"))
				.with(csrf())
				.param("name", "")
				.param("leadMember", "Cllr Paul Watson")
				.param("membership", "Sunderland City Council\nWakefield Council")
				.param("version", "3"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<a href=\"#name\">Enter the name of the group</a>")))
			.andExpect(content().string(containsString("Sunderland City Council\nWakefield Council</textarea>")));
	}

	@Test
	void anUnknownMilestoneIsAPageNotFound() throws Exception {
		given(this.milestones.find("nope"))
			.willThrow(RequestRejected.notFound("id", "There is no milestone with id nope"));
		this.mvc.perform(get("/milestones/nope").with(user("board").roles("BOARD")))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("There is no milestone with id nope")));
	}

}
