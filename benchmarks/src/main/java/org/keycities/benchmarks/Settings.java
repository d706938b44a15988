package org.keycities.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How much each scenario does.
 *
 * @param clients concurrent API clients in the ingestion scenario
 * @param ingestion how long the clients record milestones
 * @param endToEndRate milestones a second offered in the end-to-end scenario
 * @param endToEnd how long that rate is offered
 * @param settleRounds at most how many rounds of the end-to-end load, not measured, are
 * offered after the first end-to-end measurement for the services' compilers to settle
 * before the second
 * @param fanOutRecipients recipients of the one milestone in the fan-out scenario
 * @param renderSizes milestones in the years that are rendered
 * @param rebuildEvents events on the topic, at least, when the report model is rebuilt
 * @param outage how long the clients record milestones while Kafka is down
 * @param restartServices whether each run restarts the services to time their start-up
 * (otherwise the first start is timed)
 * @param baselineRecords records the raw Kafka producer sends
 * @param baselineInserts how long the raw MongoDB inserts run
 * @param baselineEmails emails the raw SMTP client sends
 */
record Settings(int clients, Duration ingestion, int endToEndRate, Duration endToEnd, int settleRounds,
		int fanOutRecipients, List<Integer> renderSizes, int rebuildEvents, Duration outage, boolean restartServices,
		int baselineRecords, Duration baselineInserts, int baselineEmails) {

	/** The figures the targets in docs/benchmarks.md are about. */
	static Settings full() {
		return new Settings(16, Duration.ofSeconds(60), 200, Duration.ofSeconds(30), 14, 1000, List.of(1000, 10000),
				100_000, Duration.ofSeconds(30), true, 100_000, Duration.ofSeconds(20), 1000);
	}

	/**
	 * The warm-up before each run's measured scenarios, at a smaller scale: about two
	 * minutes that compile the services' code for what the run measures.
	 */
	static Settings warmUp() {
		return new Settings(16, Duration.ofSeconds(20), 100, Duration.ofSeconds(10), 0, 200, List.of(500), 0,
				Duration.ZERO, false, 0, Duration.ZERO, 0);
	}

	/** A few seconds of each scenario, only to prove the harness still works. */
	static Settings smoke() {
		return new Settings(4, Duration.ofSeconds(2), 20, Duration.ofSeconds(2), 1, 20, List.of(50), 200,
				Duration.ofSeconds(2), false, 500, Duration.ofSeconds(1), 20);
	}

}
