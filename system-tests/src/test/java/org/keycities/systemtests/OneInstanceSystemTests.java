package org.keycities.systemtests;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.keycities.benchmarks.Benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

/** The system as {@code ./start} runs it: one instance of each service. */
class OneInstanceSystemTests extends SystemTestsBase {

	@Override
	int instances() {
		return 1;
	}

	/**
	 * The benchmark harness ({@code ./benchmark}) for a few seconds of each scenario
	 * against this stack, so that it cannot rot: every figure is measured and every
	 * milestone reaches the report and the email.
	 */
	@Test
	@Order(100)
	void theBenchmarkHarnessMeasuresEveryScenario() throws Exception {
		String report;
		try (PrintStream log = new PrintStream(Files.newOutputStream(Path.of("target", "benchmark-smoke.log")), true)) {
			report = Benchmarks.smoke(stack(), log);
		}
		assertThat(report)
			.contains("## Baselines", "## a. Ingestion", "## b. End to end", "## c. Fan-out", "## d. Rendering",
					"## e. Rebuild", "## f. Start-up and memory", "## g. Kafka outage")
			.contains("| Milestones not in the report or not emailed within 60 s (services just started and warmed up)"
					+ " | 0.0 milestones |")
			.contains("| Milestones not in the report or not emailed within 60 s (after the compilers settled)"
					+ " | 0.0 milestones |")
			.contains("| Rounds of the end-to-end load offered, not measured, until the compilers settled (at most 1)"
					+ " | 1.0 rounds |")
			.contains("| Requests not accepted (services just started and warmed up) | 0.0 requests |")
			.contains("| Requests not accepted (after the compilers settled) | 0.0 requests |")
			.contains("| Requests not accepted while Kafka is down | 0.0 requests |")
			.contains("| Milestones accepted while Kafka was down and not in the report after the recovery"
					+ " | 0.0 milestones |")
			.doesNotContain("NaN");
		Files.writeString(Path.of("target", "benchmark-smoke.md"), report);
	}

}
