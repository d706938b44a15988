package org.keycities.notification;

import com.jayway.jsonpath.JsonPath;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Adds recipients through the API, as an officer would. */
public final class TestRecipients {

	private TestRecipients() {
	}

	/** Adds a recipient and returns its id; {@code extra} is more JSON fields. */
	public static String add(MockMvc mvc, String groupId, String email, String extra) throws Exception {
		String body = "{\"council\":\"Test Council\",\"name\":\"Test Person\",\"email\":\"" + email + "\""
				+ (extra.isEmpty() ? "" : "," + extra) + "}";
		String json = mvc
			.perform(post("/api/groups/" + groupId + "/recipients").with(httpBasic("officer", "officer"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(body))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return JsonPath.read(json, "$.id");
	}

}
