package org.keycities.testsupport;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.MilestoneRecorded;

import static org.assertj.core.api.Assertions.assertThat;

class KeyCitiesSeedTests {

	private final EventCodec codec = new EventCodec();

	@Test
	void seedEventsFitTheContract() {
		assertThat(this.codec.violations(KeyCitiesSeed.groupChanged().eventType(),
				this.codec.tree(KeyCitiesSeed.groupChanged())))
			.isEmpty();
		List<MilestoneRecorded> milestones = KeyCitiesSeed.milestonesRecorded();
		assertThat(milestones).hasSize(KeyCitiesSeed.milestoneRequests().size()).hasSize(6);
		milestones
			.forEach((event) -> assertThat(this.codec.violations(event.eventType(), this.codec.tree(event))).isEmpty());
	}

	@Test
	void seedCoversTheFourWorkstreamsOfThe2017Report() {
		assertThat(KeyCitiesSeed.milestonesRecorded()).extracting((event) -> event.milestone().workstream())
			.containsOnly("Key Cities APPG", "Industrial Strategy", "Inclusive Growth Commission", "Core Cities");
	}

}
