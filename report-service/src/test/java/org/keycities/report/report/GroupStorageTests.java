package org.keycities.report.report;

import java.time.Instant;
import java.util.List;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.ActivityEvent;
import org.keycities.report.ReportTestData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each group's milestones under keys of their own, and each group's "as of" kept as its
 * events are remembered, each {@code ce_id} once.
 */
class GroupStorageTests {

	final ReportStore store = new ReportStore(new MemoryBackend());

	@AfterEach
	void stop() {
		this.store.close();
	}

	@Test
	void aGroupSeesNoneOfTheMilestonesOfAGroupWhoseIdStartsWithItsOwn() {
		for (String group : List.of("a", "ab", "a-b")) {
			List<ActivityEvent> seed = ReportTestData.seed(group);
			for (int i = 0; i < seed.size(); i++) {
				this.store.apply(group + "-event-" + i, seed.get(i));
			}
		}

		for (String group : List.of("a", "ab", "a-b")) {
			AnnualReport report = this.store.reports.report(group, "2017").orElseThrow();
			assertThat(report.sections().stream().flatMap((s) -> s.milestones().stream()))
				.extracting(AnnualReport.Milestone::id)
				.hasSize(6)
				.allMatch((id) -> id.startsWith(group + "-") && !id.startsWith(group + "-b-"));
			assertThat(this.store.reports.years(group).orElseThrow()).extracting(ReportYear::milestones)
				.containsExactly(6L);
			assertThat(report.asOf().eventsApplied()).isEqualTo(7);
		}
	}

	@Test
	void aMilestoneIsStoredUnderItsGroupAndKeepsItsOwnId() {
		ActivityEvent recorded = ReportTestData.milestones("key-cities").get(0);
		this.store.apply("ce-1", recorded);

		Document stored = this.store.mongo.getCollection("milestones").find().first();
		assertThat(stored.get("_id")).isEqualTo("key-cities/" + recorded.subject());
		assertThat(stored.get("id")).isEqualTo(recorded.subject());
		assertThat(stored.get("groupId")).isEqualTo("key-cities");
	}

	@Test
	void theKeysOfAGroupTakeItsIdLiterally() {
		// group ids are slugs, so this is only a second line of defence
		assertThat(MilestoneEntry.keysOf("a.b").matcher("a.b/m-1").find()).isTrue();
		assertThat(MilestoneEntry.keysOf("a.b").matcher("axb/m-1").find()).isFalse();
		assertThat(MilestoneEntry.keysOf("a+").matcher("aa/m-1").find()).isFalse();
		assertThat(MilestoneEntry.keysOf("a").matcher("ab/m-1").find()).isFalse();
		assertThat(MilestoneEntry.keysOf("a").matcher("b/a/m-1").find()).isFalse();
	}

	@Test
	void eachEventIdCountsOnceAndTheLatestSourceTimeWins() {
		Instant t = Instant.parse("2017-05-02T09:00:00Z");
		this.store.processed.remember(event("ce-1", "city", t.plusSeconds(60)));
		this.store.processed.remember(event("ce-1", "city", t.plusSeconds(120)));
		this.store.processed.remember(event("ce-2", "city", t));
		this.store.processed.rememberAll(List.of(event("ce-2", "city", t.plusSeconds(600)),
				event("ce-3", "city", t.plusSeconds(30)), event("ce-4", "town", t), event("ce-5", "city", null)));

		assertThat(this.store.processed.progressOf("city")).contains(new GroupProgress("city", 4, t.plusSeconds(60)));
		assertThat(this.store.processed.progressOf("town")).contains(new GroupProgress("town", 1, t));
		assertThat(this.store.processed.progressOf("village")).isEmpty();
	}

	@Test
	void clearingTheModelForgetsEveryGroupsProgress() {
		this.store.processed.remember(event("ce-1", "city", Instant.parse("2017-05-02T09:00:00Z")));

		this.store.model.clear();

		assertThat(this.store.processed.progressOf("city")).isEmpty();
		assertThat(this.store.processed.contains("ce-1")).isFalse();
	}

	private static ProcessedEvent event(String ceId, String groupId, Instant occurredAt) {
		return new ProcessedEvent(ceId, groupId, "org.keycities.activity.milestone.recorded.v1", occurredAt);
	}

}
