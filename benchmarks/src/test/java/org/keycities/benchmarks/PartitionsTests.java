package org.keycities.benchmarks;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionsTests {

	@Test
	void aGroupLandsOnThePartitionTheProducerPicksForItsKey() {
		for (int g = 0; g < 50; g++) {
			String group = "bench-e2e-" + g + "-" + g;
			for (int partitions = 1; partitions <= 4; partitions++) {
				assertThat(Scenarios.partitionOf(group, partitions)).as(group)
					.isEqualTo(BuiltInPartitioner.partitionForKey(group.getBytes(StandardCharsets.UTF_8), partitions));
			}
		}
	}

}
