package org.keycities.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every figure the benchmark measured, with one value per run. */
final class Results {

	/** Whether more or less of a figure is better. */
	enum Better {

		HIGHER, LOWER

	}

	/**
	 * What a figure means.
	 *
	 * @param target the target, or {@code null} where there is none
	 * @param baseline the key of the figure this one is compared with, or {@code null}
	 */
	record Figure(String key, String section, String label, String unit, Better better, Double target,
			String baseline) {

		boolean meets(double value) {
			return this.target == null || (this.better == Better.HIGHER ? value >= this.target : value <= this.target);
		}

	}

	private final Map<String, Figure> figures = new LinkedHashMap<>();

	private final Map<String, List<Double>> values = new LinkedHashMap<>();

	/** Says what a figure is; a figure already defined keeps its first definition. */
	void define(String key, String section, String label, String unit, Better better, Double target, String baseline) {
		this.figures.putIfAbsent(key, new Figure(key, section, label, unit, better, target, baseline));
	}

	void add(String key, double value) {
		if (!this.figures.containsKey(key)) {
			throw new IllegalArgumentException("Undefined figure " + key);
		}
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			throw new IllegalArgumentException(key + " is not a number: " + value);
		}
		this.values.computeIfAbsent(key, (k) -> new ArrayList<>()).add(value);
	}

	List<Figure> figures() {
		return List.copyOf(this.figures.values());
	}

	Figure figure(String key) {
		return this.figures.get(key);
	}

	List<Double> values(String key) {
		return this.values.getOrDefault(key, List.of());
	}

	double median(String key) {
		List<Double> sorted = values(key).stream().sorted().toList();
		if (sorted.isEmpty()) {
			throw new IllegalStateException("No value for " + key);
		}
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	double min(String key) {
		return values(key).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
	}

	double max(String key) {
		return values(key).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
	}

}
