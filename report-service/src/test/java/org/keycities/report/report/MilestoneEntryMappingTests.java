package org.keycities.report.report;

import java.time.Instant;
import java.util.List;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report reads its milestones field by field ({@link StoredMilestones}), not through
 * Spring Data's mapping, which writes them: both must agree on every field.
 */
class MilestoneEntryMappingTests {

	final ReportStore store = new ReportStore(new MemoryBackend());

	@AfterEach
	void stop() {
		this.store.close();
	}

	@Test
	void readingAStoredMilestoneFieldByFieldGivesWhatTheMappingWrote() {
		Instant recorded = Instant.parse("2017-02-08T09:15:30.123Z");
		MilestoneEntry full = new MilestoneEntry(null, "m-1", "key-cities", 7, MilestoneType.CONSULTATION_RESPONSE,
				"Responded to the consultation", "Industrial Strategy", "2017-04", "2016/17",
				"Our response.\n\nIn two paragraphs.", List.of("https://example.org/a", "example.org/b"),
				List.of("LGA", "BEIS"), MilestoneStatus.WITHDRAWN, recorded, recorded.plusSeconds(3600));
		MilestoneEntry sparse = new MilestoneEntry(null, "m-2", "key-cities", 0, MilestoneType.OTHER, "Undated note",
				null, null, null, null, List.of(), List.of(), MilestoneStatus.ACTIVE, null, null);
		this.store.mongo.insert(full);
		this.store.mongo.insert(sparse);

		for (MilestoneEntry written : List.of(full, sparse)) {
			MilestoneEntry read = StoredMilestones.in(this.store.mongo.getCollection("milestones"))
				.find(new Document("_id", written.key()))
				.first();
			assertThat(read).isEqualTo(written)
				.isEqualTo(this.store.mongo.findById(written.key(), MilestoneEntry.class));
		}
	}

}
