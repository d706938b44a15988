package org.keycities.notification.recipient;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.keycities.notification.NotificationServiceTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@NotificationServiceTest
class RecipientApiTests {

	@Autowired
	MockMvc mvc;

	private final String group = "group-" + UUID.randomUUID();

	private String base() {
		return "/api/groups/" + this.group + "/recipients";
	}

	private ResultActions add(String json) throws Exception {
		return this.mvc.perform(post(base()).with(httpBasic("officer", "officer"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	private static String recipient(String email) {
		return """
				{"council":"Sunderland City Council","name":"Ann Lee","email":"%s",
				 "types":["LAUNCH"],"workstreams":["Industrial Strategy"],"frequency":"WEEKLY_DIGEST"}
				""".formatted(email);
	}

	@Test
	void officerAddsReadsChangesAndRemovesARecipient() throws Exception {
		String location = add(recipient("ann@sunderland.gov.uk")).andExpect(status().isCreated())
			.andExpect(jsonPath("$.email").value("ann@sunderland.gov.uk"))
			.andExpect(jsonPath("$.types[0]").value("LAUNCH"))
			.andExpect(jsonPath("$.frequency").value("WEEKLY_DIGEST"))
			.andExpect(jsonPath("$.status").value("ACTIVE"))
			.andReturn()
			.getResponse()
			.getHeader("Location");
		this.mvc.perform(get(location).with(httpBasic("admin", "admin")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.council").value("Sunderland City Council"));
		this.mvc.perform(
				put(location).with(httpBasic("officer", "officer")).contentType(MediaType.APPLICATION_JSON).content("""
						{"council":"Sunderland City Council","name":"Ann Lee","email":"ann.lee@sunderland.gov.uk"}
						"""))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.email").value("ann.lee@sunderland.gov.uk"))
			.andExpect(jsonPath("$.types", hasSize(0)))
			.andExpect(jsonPath("$.frequency").value("IMMEDIATE"));
		this.mvc.perform(get(base()).with(httpBasic("officer", "officer")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(1)));
		this.mvc.perform(delete(location).with(httpBasic("officer", "officer"))).andExpect(status().isNoContent());
		this.mvc.perform(get(location).with(httpBasic("officer", "officer")))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void sameAddressInOneGroupIsAConflictWhateverItsCase() throws Exception {
		add(recipient("bob@wigan.gov.uk")).andExpect(status().isCreated());
		add(recipient("Bob@Wigan.GOV.uk")).andExpect(status().isConflict())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("email"))
			.andExpect(jsonPath("$.errors[0].message").value(containsString("already exists")));
	}

	@Test
	void badAddressIsRejectedWithAProblemNamingTheField() throws Exception {
		add(recipient("not-an-address")).andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Your request has mistakes"))
			.andExpect(jsonPath("$.errors[0].field").value("email"))
			.andExpect(jsonPath("$.errors[0].message").value(containsString("correct format")));
	}

	@Test
	void unknownFrequencyIsRejectedWithAProblem() throws Exception {
		add("""
				{"council":"Wigan Council","email":"x@wigan.gov.uk","frequency":"HOURLY"}
				""").andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("body"));
	}

	@Test
	void csvImportAddsEveryRow() throws Exception {
		String csv = """
				council,name,email,frequency
				"Bradford, Metropolitan District Council",Cara Shah,cara@bradford.gov.uk,
				Wakefield Council,Dev Roy,dev@wakefield.gov.uk,WEEKLY_DIGEST
				""";
		this.mvc
			.perform(
					post(base() + "/import").with(httpBasic("officer", "officer")).contentType("text/csv").content(csv))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.imported").value(2));
		this.mvc.perform(get(base()).with(httpBasic("officer", "officer")))
			.andExpect(jsonPath("$", hasSize(2)))
			.andExpect(jsonPath("$[0].council").value("Bradford, Metropolitan District Council"))
			.andExpect(jsonPath("$[1].frequency").value("WEEKLY_DIGEST"));
	}

	@Test
	void csvImportWithMistakesAddsNothingAndReportsEveryBadLine() throws Exception {
		add(recipient("taken@hull.gov.uk")).andExpect(status().isCreated());
		String csv = """
				council,name,email
				Hull City Council,Eve,eve@hull.gov.uk
				Hull City Council,Fay,not-an-address
				,Gus,gus@hull.gov.uk
				Hull City Council,Hal,TAKEN@hull.gov.uk
				Hull City Council,Ian,eve@hull.gov.uk,MONTHLY
				Hull City Council,Eve again,EVE@hull.gov.uk
				""";
		MockMultipartFile file = new MockMultipartFile("file", "recipients.csv", "text/csv", csv.getBytes());
		this.mvc.perform(multipart(base() + "/import").file(file).with(httpBasic("admin", "admin")))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors", hasSize(5)))
			.andExpect(jsonPath("$.errors[0].line").value(3))
			.andExpect(jsonPath("$.errors[0].field").value("email"))
			.andExpect(jsonPath("$.errors[1].line").value(4))
			.andExpect(jsonPath("$.errors[1].field").value("council"))
			.andExpect(jsonPath("$.errors[2].line").value(5))
			.andExpect(jsonPath("$.errors[2].message").value(containsString("already exists")))
			.andExpect(jsonPath("$.errors[3].line").value(6))
			.andExpect(jsonPath("$.errors[3].field").value("frequency"))
			.andExpect(jsonPath("$.errors[4].line").value(7))
			.andExpect(jsonPath("$.errors[4].message").value("This email address is also on line 2"));
		this.mvc.perform(get(base()).with(httpBasic("officer", "officer"))).andExpect(jsonPath("$", hasSize(1)));
	}

	@Test
	void anonymousGets401AndBoardGets403() throws Exception {
		this.mvc.perform(post(base()).contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().exists("WWW-Authenticate"));
		this.mvc.perform(get(base()).with(httpBasic("officer", "wrong"))).andExpect(status().isUnauthorized());
		this.mvc.perform(get(base()).with(httpBasic("board", "board"))).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/groups/" + this.group + "/deliveries")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/anything-else")).andExpect(status().isUnauthorized());
	}

	@Test
	void healthAndPrometheusArePublic() throws Exception {
		this.mvc.perform(get("/actuator/health"))

			.andExpect(status().isOk());
		this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("application=\"notification-service\"")));
	}

}
