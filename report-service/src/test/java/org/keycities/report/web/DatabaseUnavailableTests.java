package org.keycities.report.web;

import org.junit.jupiter.api.Test;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.testsupport.InMemoryMongo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** MongoDB cut off: the API answers 503 problem details in plain English. */
@BrokerIntegrationTest
class DatabaseUnavailableTests {

	@Autowired
	MockMvc mvc;

	@Test
	void whileMongoDbIsUnreachableTheApiSaysSo() throws Exception {
		try (InMemoryMongo.Outage outage = InMemoryMongo.outage("report")) {
			this.mvc.perform(get("/api/groups/key-cities/reports").with(httpBasic("board", "board")))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(header().string("Retry-After", "30"))
				.andExpect(jsonPath("$.title").value("The report service cannot reach its database just now"))
				.andExpect(jsonPath("$.detail").value("Nothing was changed. Please try again in a minute."));
		}
	}

}
