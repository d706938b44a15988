package org.keycities.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompilerTimeTests {

	@Test
	void aCompilerThreadsTimeIsItsUserAndSystemTicks() {
		String c2 = "4242 (C2 CompilerThre) S 1 4230 4230 0 -1 1077936192 9531 0 0 0 1234 56 0 0 20 0 40 0 3021 0 0";
		String app = "4243 (http-nio-8081-exec-1) S 1 4230 4230 0 -1 1077936192 9531 0 0 0 999 99 0 0 20 0 40 0 3021";

		assertThat(CompilerTime.ticksOf(c2)).isEqualTo(1234 + 56);
		assertThat(CompilerTime.ticksOf(app)).isZero();
	}

	@Test
	void thisJvmsCompilersHaveWorkedAndTheirTimeOnlyGrows() {
		Assumptions.assumeTrue(CompilerTime.readable(), "needs /proc (Linux)");
		CompilerTime compilers = new CompilerTime(List.of(ProcessHandle.current().pid()), 100);

		long first = compilers.millis();
		long sum = 0;
		for (int i = 0; i < 2_000_000; i++) {
			sum += Integer.toString(i).hashCode();
		}

		assertThat(sum).isNotZero();
		long then = compilers.millis();
		assertThat(then).isPositive().isGreaterThanOrEqualTo(first);
	}

}
