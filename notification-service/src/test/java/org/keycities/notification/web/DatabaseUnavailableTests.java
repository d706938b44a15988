package org.keycities.notification.web;

import org.junit.jupiter.api.Test;
import org.keycities.notification.NotificationServiceTest;
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
@NotificationServiceTest
class DatabaseUnavailableTests {

	@Autowired
	MockMvc mvc;

	@Test
	void whileMongoDbIsUnreachableTheApiSaysSo() throws Exception {
		try (InMemoryMongo.Outage outage = InMemoryMongo.outage("notification")) {
			this.mvc.perform(get("/api/groups/key-cities/recipients").with(httpBasic("officer", "officer")))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(header().string("Retry-After", "30"))
				.andExpect(jsonPath("$.title").value("The notification service cannot reach its database just now"))
				.andExpect(jsonPath("$.detail").value("Nothing was saved or changed. Please try again in a minute."));
		}
	}

}
