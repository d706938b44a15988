package org.keycities.activity.milestone;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;
import org.keycities.activity.security.SecurityConfiguration;
import org.keycities.activity.web.RequestRejected;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The HTTP side of milestones: status, headers, problem bodies and who may do what. */
@WebMvcTest(MilestoneController.class)
@Import(SecurityConfiguration.class)
class MilestoneControllerTests {

	private static final MilestoneView RECORDED = new MilestoneView("m-1", "key-cities", 0, MilestoneType.LAUNCH,
			"APPG launched", "Key Cities APPG", "2017-02-08", null, "2017", null, List.of(), List.of(),
			MilestoneStatus.ACTIVE, null, "officer", Instant.parse("2017-05-02T09:00:00Z"), "officer",
			Instant.parse("2017-05-02T09:00:00Z"));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	MilestoneManagement milestones;

	@Test
	void recordingAnswers201WithLocationETagAndTheRecordingUser() throws Exception {
		given(this.milestones.record(eq("key-cities"), any(), eq("officer"), eq("key-1"))).willReturn(RECORDED);
		this.mvc
			.perform(post("/api/groups/key-cities/milestones").with(httpBasic("officer", "officer"))
				.header("Idempotency-Key", "key-1")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"type\": \"LAUNCH\", \"title\": \"APPG launched\"}"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/milestones/m-1"))
			.andExpect(header().string("ETag", "\"0\""))
			.andExpect(jsonPath("$.recordedBy").value("officer"));
	}

	@Test
	void anonymousAndBoardAreStoppedBeforeTheServiceIsAsked() throws Exception {
		this.mvc
			.perform(post("/api/groups/key-cities/milestones").contentType(MediaType.APPLICATION_JSON)
				.content("{\"title\": 42"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"));
		this.mvc.perform(delete("/api/milestones/m-1").with(httpBasic("board", "board")).param("reason", "Duplicate"))
			.andExpect(status().isForbidden());
		verifyNoInteractions(this.milestones);
	}

	@Test
	void withdrawalReasonMayComeAsAParameter() throws Exception {
		given(this.milestones.withdraw("m-1", "Recorded twice", "\"0\"", "officer")).willReturn(RECORDED);
		this.mvc
			.perform(delete("/api/milestones/m-1").with(httpBasic("officer", "officer"))
				.header("If-Match", "\"0\"")
				.param("reason", "Recorded twice"))
			.andExpect(status().isOk());
	}

	@Test
	void rejectionFromTheServiceBecomesAProblemNamingTheField() throws Exception {
		given(this.milestones.find("nope"))
			.willThrow(RequestRejected.notFound("id", "There is no milestone with id nope"));
		this.mvc.perform(get("/api/milestones/nope").with(httpBasic("board", "board")))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.errors[0].field").value("id"))
			.andExpect(jsonPath("$.errors[0].message").value("There is no milestone with id nope"));
	}

	@Test
	void malformedJsonIsAProblemAboutTheBody() throws Exception {
		this.mvc
			.perform(post("/api/groups/key-cities/milestones").with(httpBasic("officer", "officer"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"type\": \"LAUNCH\", "))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("body"));
		verifyNoInteractions(this.milestones);
	}

}
