package org.keycities.activity;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** Requests as the configured users send them (HTTP Basic, JSON). */
public final class Requests {

	private Requests() {
	}

	public static String group(String id) {
		return """
				{"id": "%s", "name": "Coastal Special Interest Group", "leadMember": "Cllr Jane Doe, Torbay Council",
				 "leadOfficer": "John Roe, Torbay Council"}""".formatted(id);
	}

	public static String milestone(String title) {
		return """
				{"type": "SUBMISSION", "title": "%s", "workstream": "Industrial Strategy", "date": "2017-04",
				 "description": "The Group submitted its report to BEIS.",
				 "links": ["https://www.keycities.co.uk/industrial-strategy"], "partners": ["BEIS"]}"""
			.formatted(title);
	}

	public static MockHttpServletRequestBuilder createGroup(String body) {
		return asOfficer(post("/api/groups")).contentType(MediaType.APPLICATION_JSON).content(body);
	}

	public static MockHttpServletRequestBuilder recordMilestone(String groupId, String body) {
		return asOfficer(post("/api/groups/{groupId}/milestones", groupId)).contentType(MediaType.APPLICATION_JSON)
			.content(body);
	}

	public static MockHttpServletRequestBuilder amendMilestone(String id, String ifMatch, String body) {
		return asOfficer(put("/api/milestones/{id}", id)).header("If-Match", ifMatch)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
	}

	public static MockHttpServletRequestBuilder withdrawMilestone(String id, String ifMatch, String reason) {
		return asOfficer(delete("/api/milestones/{id}", id)).header("If-Match", ifMatch)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"reason\": \"" + reason + "\"}");
	}

	public static MockHttpServletRequestBuilder read(String path, Object... variables) {
		return get(path, variables).with(httpBasic("board", "board"));
	}

	public static MockHttpServletRequestBuilder asOfficer(MockHttpServletRequestBuilder request) {
		return request.with(httpBasic("officer", "officer"));
	}

}
