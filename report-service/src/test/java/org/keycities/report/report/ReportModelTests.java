package org.keycities.report.report;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;
import org.keycities.testsupport.InMemoryMongo;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditional, single-document writes of the report model, on the MongoDB wire
 * protocol.
 */
@DataMongoTest
@Import(ReportModel.class)
@ContextConfiguration(initializers = InMemoryMongo.class)
class ReportModelTests {

	@Autowired
	ReportModel model;

	@Autowired
	MongoTemplate mongo;

	@Test
	void storesOnlyANewerVersion() {
		assertThat(this.model.store(milestone("model-1", 1, "first"))).isTrue();
		assertThat(this.model.store(milestone("model-1", 3, "third"))).isTrue();
		assertThat(this.model.store(milestone("model-1", 2, "late second"))).isFalse();
		assertThat(this.model.store(milestone("model-1", 3, "third again, other text"))).isFalse();
		MilestoneEntry stored = this.mongo.findById("model-city/model-1", MilestoneEntry.class);
		assertThat(stored.version()).isEqualTo(3);
		assertThat(stored.description()).isEqualTo("third");
	}

	@Test
	void aWithdrawalIsKeptSoAnOlderRecordingCannotBringTheMilestoneBack() {
		assertThat(this.model.store(withStatus(milestone("model-2", 1, "withdrawn"), MilestoneStatus.WITHDRAWN)))
			.isTrue();
		assertThat(this.model.store(milestone("model-2", 0, "recorded"))).isFalse();
		assertThat(this.mongo.findById("model-city/model-2", MilestoneEntry.class).active()).isFalse();
	}

	@Test
	void aRebuildsInsertReplacesAMilestoneHeldAfterAllAndInsertsTheRest() {
		// as when a rebuild writes a batch again after a failure part of the way through
		assertThat(this.model.store(milestone("model-3", 1, "written by the first attempt"))).isTrue();

		this.model.insertAll(List.of(),
				List.of(milestone("model-3", 2, "second attempt"), milestone("model-4", 1, "not held before")));

		assertThat(this.mongo.findById("model-city/model-3", MilestoneEntry.class).description())
			.isEqualTo("second attempt");
		assertThat(this.mongo.findById("model-city/model-4", MilestoneEntry.class).description())
			.isEqualTo("not held before");
	}

	private static MilestoneEntry milestone(String id, long version, String description) {
		Instant at = Instant.parse("2017-05-02T09:00:00Z");
		return new MilestoneEntry(null, id, "model-city", version, MilestoneType.OTHER, "Title", null, "2017-05", null,
				description, List.of(), List.of(), MilestoneStatus.ACTIVE, at, at.plusSeconds(version));
	}

	private static MilestoneEntry withStatus(MilestoneEntry m, MilestoneStatus status) {
		return new MilestoneEntry(m.key(), m.id(), m.groupId(), m.version(), m.type(), m.title(), m.workstream(),
				m.date(), m.reportingYear(), m.description(), m.links(), m.partners(), status, m.recordedAt(),
				m.changedAt());
	}

}
