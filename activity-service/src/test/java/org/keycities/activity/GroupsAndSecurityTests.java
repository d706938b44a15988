package org.keycities.activity;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.GroupChanged;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.KeyCitiesSeed;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.keycities.activity.Requests.asOfficer;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.group;
import static org.keycities.activity.Requests.read;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@ActivityServiceTest
class GroupsAndSecurityTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Test
	void keyCitiesProfileIsCreatedReplacedWithIfMatchAndPublishedEachTime() throws Exception {
		this.mvc.perform(createGroup(KeyCitiesSeed.groupRequest()))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/api/groups/key-cities"))
			.andExpect(header().string("ETag", "\"0\""))
			.andExpect(jsonPath("$.keyRoles.length()").value(6))
			.andExpect(jsonPath("$.changedBy").value("officer"));
		String replacement = KeyCitiesSeed.groupRequest()
			.replace("\"membership\": []", "\"membership\": [\"Sunderland City Council\", \"Wakefield Council\"]");
		this.mvc
			.perform(asOfficer(put("/api/groups/key-cities")).header("If-Match", "\"0\"")
				.contentType(MediaType.APPLICATION_JSON)
				.content(replacement))
			.andExpect(status().isOk())
			.andExpect(header().string("ETag", "\"1\""))
			.andExpect(jsonPath("$.membership.length()").value(2));
		this.mvc
			.perform(asOfficer(put("/api/groups/key-cities")).contentType(MediaType.APPLICATION_JSON)
				.content(replacement))
			.andExpect(status().isPreconditionRequired());
		this.mvc.perform(read("/api/groups/key-cities"))
			.andExpect(status().isOk())
			.andExpect(header().string("ETag", "\"1\""));
		this.mvc.perform(read("/api/groups")).andExpect(jsonPath("$[?(@.id == 'key-cities')].version").value(1));

		try (ActivityTopic topic = new ActivityTopic(this.kafka.getBrokersAsString())) {
			await().atMost(Duration.ofSeconds(20)).until(() -> changes(topic).size() >= 2);
			List<ConsumerRecord<String, byte[]>> changes = changes(topic);
			EventCodec codec = new EventCodec();
			GroupChanged created = (GroupChanged) codec.read(EventTypes.GROUP_CHANGED, changes.get(0).value());
			GroupChanged replaced = (GroupChanged) codec.read(EventTypes.GROUP_CHANGED, changes.get(1).value());
			assertThat(created.version()).isZero();
			assertThat(created.aim()).isEqualTo(KeyCitiesSeed.groupChanged().aim());
			assertThat(replaced.version()).isEqualTo(1);
			assertThat(replaced.membership()).containsExactly("Sunderland City Council", "Wakefield Council");
		}
	}

	@Test
	void anonymousGets401BeforeItsBodyIsLookedAt() throws Exception {
		this.mvc
			.perform(post("/api/groups/key-cities/milestones").contentType(MediaType.APPLICATION_JSON)
				.content("{not even json"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Basic realm=\"activity-service\""))
			.andExpect(jsonPath("$.title").value("Sign in first"));
		this.mvc.perform(get("/api/groups")).andExpect(status().isUnauthorized());
	}

	@Test
	void boardReadsButMayNotWriteWhileAdminMay() throws Exception {
		this.mvc.perform(get("/api/groups").with(httpBasic("board", "board"))).andExpect(status().isOk());
		this.mvc
			.perform(post("/api/groups").with(httpBasic("board", "board"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(group("sec-board")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.status").value(403));
		this.mvc
			.perform(post("/api/groups").with(httpBasic("admin", "admin"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(group("sec-admin")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.changedBy").value("admin"));
	}

	@Test
	void healthIsPublicAndCoversMongoAndTheKafkaBinder() throws Exception {
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.components.mongo.status").value("UP"))
			.andExpect(jsonPath("$.components.binders.status").value("UP"));
	}

	private static List<ConsumerRecord<String, byte[]>> changes(ActivityTopic topic) {
		return topic.read(EventTypes.TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(1))
			.stream()
			.filter((r) -> "key-cities".equals(r.key()))
			.filter((r) -> EventTypes.GROUP_CHANGED.equals(ActivityTopic.header(r, CloudEventHeaders.TYPE)))
			.toList();
	}

}
