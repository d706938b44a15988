package org.keycities.benchmarks;

import java.util.Arrays;

/** Latencies in nanoseconds, collected from many threads; percentiles in milliseconds. */
final class Latencies {

	private long[] values = new long[1024];

	private int count;

	synchronized void add(long nanos) {
		if (this.count == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.count * 2);
		}
		this.values[this.count++] = nanos;
	}

	synchronized int count() {
		return this.count;
	}

	/**
	 * The value below which the given share of the latencies lie (nearest rank), in
	 * milliseconds.
	 */
	synchronized double percentileMillis(double percentile) {
		if (this.count == 0) {
			throw new IllegalStateException("No latencies were measured");
		}
		long[] sorted = Arrays.copyOf(this.values, this.count);
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
		return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
	}

}
