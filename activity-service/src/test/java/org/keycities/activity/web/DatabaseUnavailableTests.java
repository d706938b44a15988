package org.keycities.activity.web;

import org.junit.jupiter.api.Test;
import org.keycities.activity.ActivityServiceTest;
import org.keycities.testsupport.InMemoryMongo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.group;
import static org.keycities.activity.Requests.milestone;
import static org.keycities.activity.Requests.recordMilestone;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * MongoDB cut off (the test server closes every connection that asks anything of the
 * service's database): the API answers 503 problem details saying nothing was saved, the
 * pages a page that says the same, and nothing is stored.
 */
@ActivityServiceTest
class DatabaseUnavailableTests {

	@Autowired
	MockMvc mvc;

	@Test
	void whileMongoDbIsUnreachableRequestsGetAPlainAnswerAndChangeNothing() throws Exception {
		this.mvc.perform(createGroup(group("unreachable-db"))).andExpect(status().isCreated());

		try (InMemoryMongo.Outage outage = InMemoryMongo.outage("activity")) {
			this.mvc.perform(recordMilestone("unreachable-db", milestone("Lost in the outage")))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(header().string("Retry-After", "30"))
				.andExpect(jsonPath("$.title").value("The tracker cannot reach its database just now"))
				.andExpect(jsonPath("$.detail").value(containsString("Nothing was saved")));
			this.mvc.perform(get("/groups/unreachable-db").with(user("officer").roles("OFFICER")))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().string(containsString("The tracker cannot reach its database just now")))
				.andExpect(content().string(containsString("Nothing was saved or changed.")));
		}

		this.mvc.perform(get("/api/groups/unreachable-db/milestones").with(httpBasic("board", "board")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.content").value(empty()));
	}

}
