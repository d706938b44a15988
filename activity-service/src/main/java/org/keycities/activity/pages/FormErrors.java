package org.keycities.activity.pages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycities.activity.web.FieldProblem;

/**
 * What is wrong with a submitted form, as the API words it: one message per problem next
 * to its field and in the error summary at the top, which links to the field. A problem
 * with one line of a one-per-line field (e.g. {@code links[1]}) belongs to the whole text
 * area and says which line.
 */
public final class FormErrors {

	private final Map<String, List<String>> byField = new LinkedHashMap<>();

	private final List<SummaryEntry> summary = new ArrayList<>();

	static FormErrors none() {
		return new FormErrors();
	}

	static FormErrors of(List<FieldProblem> problems) {
		FormErrors errors = new FormErrors();
		problems.forEach((problem) -> errors.add(problem.field(), problem.message()));
		return errors;
	}

	/** A problem with no field of its own, e.g. someone else's change. */
	static FormErrors general(String message) {
		FormErrors errors = new FormErrors();
		errors.summary.add(new SummaryEntry(null, message));
		return errors;
	}

	private void add(String field, String message) {
		String base = field;
		String text = message;
		int bracket = field.indexOf('[');
		if (bracket > 0 && field.endsWith("]")) {
			base = field.substring(0, bracket);
			text = "Line " + (Integer.parseInt(field.substring(bracket + 1, field.length() - 1)) + 1) + ": " + message;
		}
		this.byField.computeIfAbsent(base, (key) -> new ArrayList<>()).add(text);
		this.summary.add(new SummaryEntry("#" + base, text));
	}

	public boolean any() {
		return !this.summary.isEmpty();
	}

	public boolean has(String field) {
		return this.byField.containsKey(field);
	}

	public List<String> of(String field) {
		return this.byField.getOrDefault(field, List.of());
	}

	/**
	 * The ids of the hint and error message that describe a field to screen readers, or
	 * {@code null} when there are none.
	 */
	public String describedBy(String field, boolean hint) {
		String ids = ((hint ? field + "-hint " : "") + (has(field) ? field + "-error" : "")).trim();
		return ids.isEmpty() ? null : ids;
	}

	public List<SummaryEntry> summary() {
		return this.summary;
	}

	/**
	 * @param href {@code #field-id}, or {@code null} when no field is at fault
	 */
	public record SummaryEntry(String href, String message) {

	}

}
