package org.keycities.benchmarks;

import org.junit.jupiter.api.Test;
import org.keycities.benchmarks.Results.Better;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ResultsTests {

	@Test
	void percentilesAreTheNearestRank() {
		Latencies latencies = new Latencies();
		for (int ms = 100; ms >= 1; ms--) {
			latencies.add(ms * 1_000_000L);
		}
		assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
		assertThat(latencies.percentileMillis(95)).isEqualTo(95.0);
		assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
		assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
		assertThatIllegalStateException().isThrownBy(() -> new Latencies().percentileMillis(50));
	}

	@Test
	void theMedianAndSpreadOfRuns() {
		Results results = new Results();
		results.define("rate", "a", "Rate", "x/s", Better.HIGHER, 10.0, null);
		results.add("rate", 12);
		results.add("rate", 8);
		results.add("rate", 30);
		assertThat(results.median("rate")).isEqualTo(12.0);
		results.add("rate", 9);
		assertThat(results.median("rate")).isEqualTo(10.5);
		assertThat(results.min("rate")).isEqualTo(8.0);
		assertThat(results.max("rate")).isEqualTo(30.0);
		assertThatIllegalArgumentException().isThrownBy(() -> results.add("undefined", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> results.add("rate", Double.NaN));
	}

	@Test
	void theReportSaysWhetherEachTargetIsMetAndGivesTheRatioToItsBaseline() {
		Results results = new Results();
		results.define("raw", "Baselines", "Raw inserts", "inserts/s", Better.HIGHER, null, null);
		results.define("rate", "a. Ingestion", "Accepted", "milestones/s", Better.HIGHER, 2000.0, "raw");
		results.define("p99", "b. End to end", "Latency p99", "ms", Better.LOWER, 250.0, null);
		results.add("raw", 1000);
		results.add("rate", 250);
		results.add("p99", 120);

		String markdown = BenchmarkReport.markdown(results, 1, "./benchmark --runs 1", "-Xmx512m");

		assertThat(markdown).contains("`./benchmark --runs 1`", "median of 1 run", "`-Xmx512m`")
			.contains("| Accepted | 250 milestones/s | 250 – 250 | at least 2,000 milestones/s: **missed** "
					+ "| 0.250 × Raw inserts |")
			.contains("| Latency p99 | 120 ms | 120 – 120 | at most 250 ms: **met** |  |");
	}

}
