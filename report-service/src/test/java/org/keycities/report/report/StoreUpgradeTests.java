package org.keycities.report.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.report.ReportTestData;

import com.mongodb.client.MongoCollection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store written by the earlier version (milestones under their bare id, no group
 * progress) gives the same reports once upgraded, and upgrading again changes nothing.
 */
class StoreUpgradeTests {

	static final List<String> GROUPS = List.of("old-city", "old-town");

	final ReportStore store = new ReportStore(new MemoryBackend());

	final Map<String, Object> before = new TreeMap<>();

	@BeforeEach
	void storeAsTheEarlierVersionDid() {
		for (String group : GROUPS) {
			List<MilestoneRecorded> recorded = ReportTestData.milestones(group);
			List<ActivityEvent> events = new ArrayList<>(ReportTestData.seed(group));
			events.add(ReportTestData.amended(recorded.get(0).milestone(), 1, "Amended"));
			events.add(ReportTestData.withdrawn(recorded.get(5).milestone(), 1));
			for (int i = 0; i < events.size(); i++) {
				this.store.apply(group + "-event-" + i, events.get(i));
			}
			// a stale version under a new ce_id counts, as it always did
			this.store.apply(group + "-stale", recorded.get(0));
			this.before.put(group + " report", this.store.reports.report(group, "2017").orElseThrow());
			this.before.put(group + " years", this.store.reports.years(group).orElseThrow());
		}
		MongoCollection<Document> milestones = this.store.mongo.getCollection("milestones");
		for (Document current : milestones.find().into(new ArrayList<>())) {
			Document old = new Document(current);
			old.put("_id", current.get("id"));
			old.remove("id");
			milestones.insertOne(old);
			milestones.deleteOne(new Document("_id", current.get("_id")));
		}
		this.store.mongo.getCollection("group_progress").drop();
	}

	@AfterEach
	void stop() {
		this.store.close();
	}

	@Test
	void anUpgradedStoreGivesTheSameReportsAndASecondUpgradeChangesNothing() {
		assertThat(upgrade()).isEqualTo(new StoreUpgrade.Upgraded(12, 2));
		assertThat(reports()).isEqualTo(this.before);
		Map<String, List<Document>> upgraded = contents();

		assertThat(upgrade()).isEqualTo(new StoreUpgrade.Upgraded(0, 0));
		assertThat(contents()).isEqualTo(upgraded);
		assertThat(reports()).isEqualTo(this.before);
	}

	@Test
	void anUpgradeInterruptedHalfWayIsFinishedByTheNext() {
		// as if the first run had stopped after copying one milestone and counting one
		// group
		MongoCollection<Document> milestones = this.store.mongo.getCollection("milestones");
		Document old = milestones.find().first();
		Document copied = new Document(old);
		copied.put("_id", old.get("groupId") + "/" + old.get("_id"));
		copied.put("id", old.get("_id"));
		milestones.insertOne(copied);
		AnnualReport.AsOf asOf = ((AnnualReport) this.before.get("old-town report")).asOf();
		this.store.mongo.insert(new GroupProgress("old-town", asOf.eventsApplied(), asOf.lastEventAt()));

		upgrade();

		assertThat(reports()).isEqualTo(this.before);
		assertThat(milestones.countDocuments()).isEqualTo(12);
	}

	private StoreUpgrade.Upgraded upgrade() {
		return new StoreUpgrade(this.store.mongo).upgrade();
	}

	private Map<String, Object> reports() {
		Map<String, Object> reports = new TreeMap<>();
		for (String group : GROUPS) {
			reports.put(group + " report", this.store.reports.report(group, "2017").orElseThrow());
			reports.put(group + " years", this.store.reports.years(group).orElseThrow());
		}
		return reports;
	}

	private Map<String, List<Document>> contents() {
		Map<String, List<Document>> contents = new TreeMap<>();
		for (String collection : List.of("groups", "milestones", "processed_events", "group_progress")) {
			contents.put(collection, this.store.mongo.getCollection(collection).find().into(new ArrayList<>()));
		}
		return contents;
	}

}
