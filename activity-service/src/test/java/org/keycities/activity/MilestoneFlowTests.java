package org.keycities.activity;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.events.MilestoneAmended;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneWithdrawn;
import org.keycities.testsupport.ActivityTopic;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.keycities.activity.Requests.amendMilestone;
import static org.keycities.activity.Requests.asOfficer;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.group;
import static org.keycities.activity.Requests.milestone;
import static org.keycities.activity.Requests.read;
import static org.keycities.activity.Requests.recordMilestone;
import static org.keycities.activity.Requests.withdrawMilestone;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An officer records, amends and withdraws a milestone; every change arrives on the real
 * topic with the CloudEvents headers, key = group id and a body that passes the contract.
 */
@ActivityServiceTest
class MilestoneFlowTests {

	private static final EventCodec CODEC = new EventCodec();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@Autowired
	MongoTemplate mongo;

	ActivityTopic topic;

	@BeforeEach
	void connect() {
		this.topic = new ActivityTopic(this.kafka.getBrokersAsString());
	}

	@AfterEach
	void disconnect() {
		this.topic.close();
	}

	@Test
	void recordedAmendedAndWithdrawnMilestonesArePublishedWithCloudEventsHeadersAndGroupKey() throws Exception {
		this.mvc.perform(createGroup(group("flow-coastal"))).andExpect(status().isCreated());
		MvcResult recorded = this.mvc.perform(recordMilestone("flow-coastal", milestone("Report submitted to BEIS")))
			.andExpect(status().isCreated())
			.andExpect(header().string("ETag", "\"0\""))
			.andExpect(jsonPath("$.version").value(0))
			.andExpect(jsonPath("$.recordedBy").value("officer"))
			.andExpect(jsonPath("$.recordedAt").isNotEmpty())
			.andExpect(jsonPath("$.effectiveReportingYear").value("2017"))
			.andReturn();
		String id = JSON.readTree(recorded.getResponse().getContentAsString()).get("id").asString();
		assertThat(recorded.getResponse().getHeader("Location")).isEqualTo("/api/milestones/" + id);

		this.mvc.perform(amendMilestone(id, "\"0\"", milestone("Industrial Strategy report submitted to BEIS")))
			.andExpect(status().isOk())
			.andExpect(header().string("ETag", "\"1\""))
			.andExpect(jsonPath("$.title").value("Industrial Strategy report submitted to BEIS"));
		this.mvc.perform(withdrawMilestone(id, "\"1\"", "Recorded twice"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("WITHDRAWN"))
			.andExpect(jsonPath("$.withdrawalReason").value("Recorded twice"));

		List<ConsumerRecord<String, byte[]>> records = recordsOf("flow-coastal", 4);
		assertThat(records).extracting((r) -> ActivityTopic.header(r, CloudEventHeaders.TYPE))
			.containsExactly(EventTypes.GROUP_CHANGED, EventTypes.MILESTONE_RECORDED, EventTypes.MILESTONE_AMENDED,
					EventTypes.MILESTONE_WITHDRAWN);
		for (ConsumerRecord<String, byte[]> record : records) {
			assertThat(record.key()).isEqualTo("flow-coastal");
			assertThat(ActivityTopic.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
			assertThat(ActivityTopic.header(record, CloudEventHeaders.ID)).hasSize(36);
			assertThat(ActivityTopic.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/activity-service");
			assertThat(ActivityTopic.header(record, CloudEventHeaders.TIME)).isNotBlank();
			assertThat(ActivityTopic.header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
		}
		assertThat(records).extracting((r) -> ActivityTopic.header(r, CloudEventHeaders.ID)).doesNotHaveDuplicates();
		assertThat(ActivityTopic.header(records.get(0), CloudEventHeaders.SUBJECT)).isEqualTo("flow-coastal");
		assertThat(records.subList(1, 4))
			.allSatisfy((r) -> assertThat(ActivityTopic.header(r, CloudEventHeaders.SUBJECT)).isEqualTo(id));

		GroupChanged group = (GroupChanged) event(records.get(0));
		assertThat(group.name()).isEqualTo("Coastal Special Interest Group");
		MilestoneRecorded first = (MilestoneRecorded) event(records.get(1));
		assertThat(first.milestone().title()).isEqualTo("Report submitted to BEIS");
		assertThat(first.milestone().version()).isZero();
		assertThat(first.milestone().date()).isEqualTo("2017-04");
		assertThat(first.milestone().recordedBy()).isEqualTo("officer");
		MilestoneAmended amended = (MilestoneAmended) event(records.get(2));
		assertThat(amended.milestone().version()).isEqualTo(1);
		assertThat(amended.milestone().title()).isEqualTo("Industrial Strategy report submitted to BEIS");
		MilestoneWithdrawn withdrawn = (MilestoneWithdrawn) event(records.get(3));
		assertThat(withdrawn.milestone().version()).isEqualTo(2);
		assertThat(withdrawn.milestone().status()).isEqualTo(MilestoneStatus.WITHDRAWN);
		assertThat(withdrawn.milestone().withdrawalReason()).isEqualTo("Recorded twice");

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.mongo.count(
					Query.query(Criteria.where("_id").is(id).and("pendingEvents.eventId").exists(true)), "milestones"))
				.isZero());
		this.mvc.perform(read("/api/milestones/{id}", id))
			.andExpect(status().isOk())
			.andExpect(header().string("ETag", "\"2\""))
			.andExpect(jsonPath("$.status").value("WITHDRAWN"));
	}

	@Test
	void milestonesMoveToTheirNewReportingYearWhenTheGroupChangesItsFirstMonth() throws Exception {
		this.mvc.perform(createGroup(group("flow-moved"))).andExpect(status().isCreated());
		// dated February 2017: reporting year 2017 while the year starts in January
		this.mvc.perform(recordMilestone("flow-moved", milestone("Report submitted").replace("2017-04", "2017-02")))
			.andExpect(status().isCreated());
		this.mvc.perform(read("/api/groups/{g}/milestones?reportingYear=2017", "flow-moved"))
			.andExpect(jsonPath("$.totalElements").value(1));

		this.mvc
			.perform(asOfficer(put("/api/groups/{g}", "flow-moved")).header("If-Match", "\"0\"")
				.contentType(MediaType.APPLICATION_JSON)
				.content(group("flow-moved").replace("}", ", \"reportingYearStartMonth\": 4}")))
			.andExpect(status().isOk());

		this.mvc.perform(read("/api/groups/{g}/milestones?reportingYear=2016/17", "flow-moved"))
			.andExpect(jsonPath("$.totalElements").value(1))
			.andExpect(jsonPath("$.content[0].effectiveReportingYear").value("2016/17"));
		this.mvc.perform(read("/api/groups/{g}/milestones?reportingYear=2017/18", "flow-moved"))
			.andExpect(jsonPath("$.totalElements").value(0));
	}

	@Test
	void staleIfMatchIsRefusedAndNothingIsPublished() throws Exception {
		this.mvc.perform(createGroup(group("flow-stale"))).andExpect(status().isCreated());
		String body = this.mvc.perform(recordMilestone("flow-stale", milestone("Launch of the APPG")))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = JSON.readTree(body).get("id").asString();
		this.mvc.perform(amendMilestone(id, "\"0\"", milestone("First amendment"))).andExpect(status().isOk());

		this.mvc.perform(amendMilestone(id, "\"0\"", milestone("Amendment from an old copy")))
			.andExpect(status().isPreconditionFailed())
			.andExpect(jsonPath("$.errors[0].field").value("If-Match"));

		List<ConsumerRecord<String, byte[]>> records = recordsOf("flow-stale", 3);
		assertThat(records).extracting((r) -> ActivityTopic.header(r, CloudEventHeaders.TYPE))
			.containsExactly(EventTypes.GROUP_CHANGED, EventTypes.MILESTONE_RECORDED, EventTypes.MILESTONE_AMENDED);
		this.mvc.perform(read("/api/milestones/{id}", id)).andExpect(jsonPath("$.title").value("First amendment"));
	}

	@Test
	void milestonesAreFilteredByTheirReportingYear() throws Exception {
		this.mvc.perform(createGroup("""
				{"id": "flow-april", "name": "County Councils Network", "leadMember": "Cllr A",
				 "leadOfficer": "Officer B", "reportingYearStartMonth": 4}""")).andExpect(status().isCreated());
		this.mvc.perform(recordMilestone("flow-april", """
				{"type": "LAUNCH", "title": "Launched in March", "date": "2018-03-20"}"""))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.effectiveReportingYear").value("2017/18"));
		this.mvc.perform(recordMilestone("flow-april", """
				{"type": "EVENT", "title": "Conference", "date": "2018-04"}"""))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.effectiveReportingYear").value("2018/19"));
		this.mvc.perform(recordMilestone("flow-april", """
				{"type": "MEETING", "title": "Meeting counted in the earlier year", "date": "2018-05-01",
				 "reportingYear": "2017/18"}"""))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.reportingYear").value("2017/18"));

		this.mvc.perform(read("/api/groups/{groupId}/milestones?reportingYear=2017/18", "flow-april"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.totalElements").value(2))
			.andExpect(jsonPath("$.content[0].title").value("Launched in March"))
			.andExpect(jsonPath("$.content[1].title").value("Meeting counted in the earlier year"));
		this.mvc.perform(read("/api/groups/{groupId}/milestones?type=EVENT", "flow-april"))
			.andExpect(jsonPath("$.totalElements").value(1))
			.andExpect(jsonPath("$.content[0].title").value("Conference"));
		this.mvc.perform(read("/api/groups/{groupId}/milestones?size=1&page=1", "flow-april"))
			.andExpect(jsonPath("$.totalElements").value(3))
			.andExpect(jsonPath("$.totalPages").value(3))
			.andExpect(jsonPath("$.content[0].title").value("Conference"));
	}

	private List<ConsumerRecord<String, byte[]>> recordsOf(String groupId, int expected) {
		// keep the read that succeeded: on a busy machine a second read within 1 s may
		// come back empty
		AtomicReference<List<ConsumerRecord<String, byte[]>>> seen = new AtomicReference<>(List.of());
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			seen.set(keyed(this.topic.read(EventTypes.TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(1)), groupId));
			return seen.get().size() >= expected;
		});
		return seen.get();
	}

	static List<ConsumerRecord<String, byte[]>> keyed(List<ConsumerRecord<String, byte[]>> records, String key) {
		return records.stream().filter((r) -> key.equals(r.key())).toList();
	}

	private static ActivityEvent event(ConsumerRecord<String, byte[]> record) {
		return CODEC.read(ActivityTopic.header(record, CloudEventHeaders.TYPE), record.value());
	}

	static JsonNode json(MvcResult result) throws Exception {
		return JSON.readTree(result.getResponse().getContentAsString());
	}

}
