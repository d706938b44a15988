package org.keycities.activity;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventTypes;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.group;
import static org.keycities.activity.Requests.milestone;
import static org.keycities.activity.Requests.recordMilestone;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A retried POST with the same Idempotency-Key gets the first answer and changes nothing.
 */
@ActivityServiceTest
class IdempotencyTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Test
	void retriedMilestoneGetsTheFirstAnswerAndIsRecordedAndPublishedOnce() throws Exception {
		this.mvc.perform(createGroup(group("idem-milestones"))).andExpect(status().isCreated());
		MockHttpServletResponse first = this.mvc
			.perform(recordMilestone("idem-milestones", milestone("Sponsored the APPG")).header("Idempotency-Key",
					"3f6d0c1e-retry"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse();
		MockHttpServletResponse retry = this.mvc
			.perform(recordMilestone("idem-milestones", milestone("Sponsored the APPG")).header("Idempotency-Key",
					"3f6d0c1e-retry"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse();

		assertThat(retry.getContentAsString()).isEqualTo(first.getContentAsString());
		assertThat(retry.getHeader("Location")).isEqualTo(first.getHeader("Location"));
		assertThat(retry.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
		assertThat(this.mongo.count(Query.query(Criteria.where("groupId").is("idem-milestones")), "milestones"))
			.isEqualTo(1);

		this.mvc
			.perform(recordMilestone("idem-milestones", milestone("Something else entirely")).header("Idempotency-Key",
					"3f6d0c1e-retry"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
		assertThat(this.mongo.count(Query.query(Criteria.where("groupId").is("idem-milestones")), "milestones"))
			.isEqualTo(1);

		// a different key is a different request
		this.mvc
			.perform(recordMilestone("idem-milestones", milestone("Sponsored the APPG")).header("Idempotency-Key",
					"another-key"))
			.andExpect(status().isCreated());
		try (ActivityTopic topic = new ActivityTopic(this.kafka.getBrokersAsString())) {
			await().atMost(Duration.ofSeconds(20)).until(() -> recorded(topic).size() >= 2);
			Thread.sleep(1500); // longer than the sweep's grace period: a duplicate would
								// show now
			assertThat(recorded(topic)).extracting((r) -> ActivityTopic.header(r, CloudEventHeaders.ID))
				.hasSize(2)
				.doesNotHaveDuplicates();
		}
	}

	@Test
	void retriedGroupGetsTheFirstAnswerAndAnotherBodyIsRefused() throws Exception {
		MockHttpServletResponse first = this.mvc
			.perform(createGroup(group("idem-group")).header("Idempotency-Key", "group-key"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse();
		MockHttpServletResponse retry = this.mvc
			.perform(createGroup(group("idem-group")).header("Idempotency-Key", "group-key"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse();
		assertThat(retry.getContentAsString()).isEqualTo(first.getContentAsString());
		assertThat(retry.getHeader("Location")).isEqualTo("/api/groups/idem-group");

		this.mvc.perform(createGroup(group("idem-group-other")).header("Idempotency-Key", "group-key"))
			.andExpect(status().isUnprocessableContent());
		// without the key, the same group again is a duplicate
		this.mvc.perform(createGroup(group("idem-group"))).andExpect(status().isConflict());
		assertThat(this.mongo.count(Query.query(Criteria.where("_id").in("idem-group", "idem-group-other")), "groups"))
			.isEqualTo(1);
	}

	private static List<ConsumerRecord<String, byte[]>> recorded(ActivityTopic topic) {
		return topic.read(EventTypes.TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(1))
			.stream()
			.filter((r) -> "idem-milestones".equals(r.key()))
			.filter((r) -> EventTypes.MILESTONE_RECORDED.equals(ActivityTopic.header(r, CloudEventHeaders.TYPE)))
			.toList();
	}

}
