package org.keycities.report.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventTypes;
import org.keycities.intake.Incoming;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.MalformedEventException;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.report.report.AnnualReport;
import org.keycities.report.report.AnnualReports;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The same events in any order, delivered more than once, give the same report. Calls the
 * ingestion directly (what the binding calls for each record) for speed.
 */
@BrokerIntegrationTest
class OrderProofIngestionTests {

	static final String GROUP = "order-proof";

	static final String NEW_LEAD = "Cllr Graeme Miller, Sunderland City Council";

	@Autowired
	EventIngestion ingestion;

	@Autowired
	AnnualReports reports;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	JsonMapper json;

	final EventCodec codec = new EventCodec();

	@Test
	void anyOrderWithDuplicatesGivesTheIdenticalReport() {
		List<Delivery> deliveries = deliveries();
		int distinctIds = new HashSet<>(deliveries.stream().map(Delivery::ceId).toList()).size();
		String inOrder = reportAfter(deliveries);
		Random random = new Random(2017);
		for (int shuffle = 0; shuffle < 50; shuffle++) {
			List<Delivery> shuffled = new ArrayList<>(deliveries);
			Collections.shuffle(shuffled, random);
			assertThat(reportAfter(shuffled)).as("report after shuffle %d", shuffle).isEqualTo(inOrder);
		}
		AnnualReport report = this.json.readValue(inOrder, AnnualReport.class);
		assertThat(report.group().leadMember()).isEqualTo(NEW_LEAD);
		assertThat(report.sections()).extracting(AnnualReport.Section::workstream)
			.containsExactly("Key Cities APPG", "Industrial Strategy", "Inclusive Growth Commission");
		assertThat(report.sections().get(1).milestones().get(0).description()).isEqualTo("Second amendment");
		assertThat(report.sections().get(0).milestones().get(1).description()).isEqualTo("First amendment");
		assertThat(report.asOf().eventsApplied()).isEqualTo(distinctIds);
	}

	@Test
	void aRebuildsReplayInBatchesOfAnySizeGivesTheIdenticalReport() {
		List<Delivery> deliveries = deliveries();
		String oneByOne = reportAfter(deliveries);
		Random random = new Random(2018);
		for (int shuffle = 0; shuffle < 30; shuffle++) {
			List<Delivery> shuffled = new ArrayList<>(deliveries);
			Collections.shuffle(shuffled, random);
			clear();
			EventIngestion.Replay replay = this.ingestion.replay();
			// every batch prepared before any is written, the furthest a rebuild prepares
			// ahead of its writes
			List<EventIngestion.Writes> prepared = new ArrayList<>();
			int from = 0;
			while (from < shuffled.size()) {
				int to = Math.min(shuffled.size(), from + 1 + random.nextInt(6));
				List<EventIngestion.RawEvent> batch = shuffled.subList(from, to)
					.stream()
					.map((d) -> new EventIngestion.RawEvent(d.ceId(), d.event().eventType(),
							this.codec.write(d.event())))
					.toList();
				prepared.add(replay.prepare(batch));
				from = to;
			}
			for (EventIngestion.Writes writes : prepared) {
				assertThat(writes.malformed()).isZero();
				writes.writeModel();
				writes.writeProcessed();
			}
			assertThat(this.json.writeValueAsString(this.reports.report(GROUP, "2017").orElseThrow()))
				.as("report after replaying shuffle %d in batches", shuffle)
				.isEqualTo(oneByOne);
		}
	}

	@Test
	void liveBatchesOfAnySizeInAnyOrderGiveTheIdenticalReport() {
		List<Delivery> deliveries = deliveries();
		String oneByOne = reportAfter(deliveries);
		Random random = new Random(2019);
		for (int shuffle = 0; shuffle < 30; shuffle++) {
			List<Delivery> shuffled = new ArrayList<>(deliveries);
			Collections.shuffle(shuffled, random);
			clear();
			int from = 0;
			while (from < shuffled.size()) {
				int to = Math.min(shuffled.size(), from + 1 + random.nextInt(8));
				List<Incoming> batch = new ArrayList<>();
				for (Delivery delivery : shuffled.subList(from, to)) {
					Map<String, Object> headers = Map.of(CloudEventHeaders.ID,
							delivery.ceId().getBytes(StandardCharsets.UTF_8), CloudEventHeaders.TYPE,
							delivery.event().eventType().getBytes(StandardCharsets.UTF_8));
					batch.add(new Incoming(this.codec.write(delivery.event()), headers,
							GROUP.getBytes(StandardCharsets.UTF_8), EventTypes.TOPIC, 0, from + batch.size()));
				}
				this.ingestion.applyAll(batch);
				from = to;
			}
			assertThat(this.json.writeValueAsString(this.reports.report(GROUP, "2017").orElseThrow()))
				.as("report after shuffle %d in live batches", shuffle)
				.isEqualTo(oneByOne);
		}
	}

	@Test
	void anEventIdIsNeverAppliedTwiceEvenWithANewerVersion() {
		clear();
		MilestoneRecorded recorded = ReportTestData.milestones(GROUP).get(0);
		String ceId = UUID.randomUUID().toString();
		assertThat(apply(ceId, ReportTestData.group(GROUP))).isEqualTo(EventIngestion.Outcome.APPLIED);
		assertThat(apply(ceId + "-m", recorded)).isEqualTo(EventIngestion.Outcome.APPLIED);
		assertThat(apply(ceId + "-m", ReportTestData.amended(recorded.milestone(), 1, "Never shown")))
			.isEqualTo(EventIngestion.Outcome.DUPLICATE);
		assertThat(apply(UUID.randomUUID().toString(), recorded)).isEqualTo(EventIngestion.Outcome.STALE);
		assertThat(this.reports.report(GROUP, "2017").orElseThrow().sections().get(0).milestones().get(0).description())
			.isEqualTo(recorded.milestone().description());
	}

	@Test
	void anImpossibleDateIsMalformedSoItCannotBreakTheReport() {
		MilestoneSnapshot m = ReportTestData.milestones(GROUP).get(0).milestone();
		MilestoneRecorded month13 = new MilestoneRecorded(new MilestoneSnapshot(m.id(), m.groupId(), m.version(),
				m.type(), m.title(), m.workstream(), "2017-13", m.reportingYear(), m.description(), m.links(),
				m.partners(), m.status(), null, m.recordedBy(), m.recordedAt(), m.changedBy(), m.changedAt()));
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> apply(UUID.randomUUID().toString(), month13))
			.withMessageContaining("2017-13");
	}

	/**
	 * The seed, a group change, two amendments of one milestone, one of another, a
	 * withdrawal; then the same ce_id delivered again and the same version under a new
	 * ce_id, as an at-least-once relay does.
	 */
	private List<Delivery> deliveries() {
		List<MilestoneRecorded> recorded = ReportTestData.milestones(GROUP);
		MilestoneSnapshot appg = recorded.get(1).milestone();
		MilestoneSnapshot strategy = recorded.get(2).milestone();
		MilestoneSnapshot coreCities = recorded.get(5).milestone();
		List<ActivityEvent> events = new ArrayList<>(ReportTestData.seed(GROUP));
		events.add(ReportTestData.group(GROUP, 1, NEW_LEAD));
		events.add(ReportTestData.amended(strategy, 1, "First amendment of the strategy work"));
		events.add(ReportTestData.amended(strategy, 2, "Second amendment"));
		events.add(ReportTestData.amended(appg, 1, "First amendment"));
		events.add(ReportTestData.withdrawn(coreCities, 1));
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			deliveries.add(new Delivery("order-proof-" + i, events.get(i)));
		}
		deliveries.add(deliveries.get(0));
		deliveries.add(deliveries.get(3));
		deliveries.add(deliveries.get(deliveries.size() - 3));
		deliveries.add(new Delivery("order-proof-again-1", events.get(2)));
		deliveries.add(new Delivery("order-proof-again-2", events.get(events.size() - 1)));
		return deliveries;
	}

	private String reportAfter(List<Delivery> deliveries) {
		clear();
		deliveries.forEach((delivery) -> apply(delivery.ceId(), delivery.event()));
		return this.json.writeValueAsString(this.reports.report(GROUP, "2017").orElseThrow());
	}

	private EventIngestion.Outcome apply(String ceId, ActivityEvent event) {
		return this.ingestion.apply(ceId, event.eventType(), this.codec.write(event));
	}

	private void clear() {
		this.mongo.remove(Query.query(Criteria.where("groupId").is(GROUP)), "milestones");
		this.mongo.remove(Query.query(Criteria.where("_id").is(GROUP)), "groups");
		this.mongo.remove(Query.query(Criteria.where("groupId").is(GROUP)), "processed_events");
		this.mongo.remove(Query.query(Criteria.where("_id").is(GROUP)), "group_progress");
	}

	record Delivery(String ceId, ActivityEvent event) {

	}

}
