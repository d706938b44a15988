package org.keycities.activity.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdsTests {

	@Test
	void areVersionSevenUuidsHoldingTheirTimeInTheirFirstBits() {
		long millis = 1_795_000_000_123L;

		UUID id = TimeOrderedIds.uuid(millis);

		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
		assertThat(UUID.fromString(id.toString())).isEqualTo(id);
	}

	@Test
	void sortAsTextInTheOrderOfTheirTime() {
		List<String> made = new ArrayList<>();
		for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_000L + 5_000; millis += 7) {
			made.add(TimeOrderedIds.uuid(millis).toString());
		}

		assertThat(made).isSorted();
	}

	@Test
	void areUniqueWithinOneMillisecond() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 100_000; i++) {
			ids.add(TimeOrderedIds.uuid(1_700_000_000_000L).toString());
		}

		assertThat(ids).hasSize(100_000);
	}

	@Test
	void nextIsMadeNow() {
		long before = System.currentTimeMillis();

		UUID id = UUID.fromString(TimeOrderedIds.next());

		assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, System.currentTimeMillis());
	}

}
