package org.keycities.activity.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a request body, field by field, so that an officer sees
 * every mistake at once.
 */
public final class Checks {

	private final List<FieldProblem> problems = new ArrayList<>();

	public Checks required(String field, String value, String missing) {
		if (value == null || value.isBlank()) {
			reject(field, missing);
		}
		return this;
	}

	public Checks maxLength(String field, String value, int max, String tooLong) {
		if (value != null && value.length() > max) {
			reject(field, tooLong);
		}
		return this;
	}

	public Checks webAddress(String field, String value, String wrong) {
		if (value != null && !value.isBlank() && !isWebAddress(value)) {
			reject(field, wrong);
		}
		return this;
	}

	public Checks reject(String field, String message) {
		this.problems.add(new FieldProblem(field, message));
		return this;
	}

	public boolean hasProblemWith(String field) {
		return this.problems.stream().anyMatch((p) -> p.field().equals(field));
	}

	public List<FieldProblem> problems() {
		return List.copyOf(this.problems);
	}

	/**
	 * @throws RequestRejected 400 with every problem found
	 */
	public void throwIfAny() {
		if (!this.problems.isEmpty()) {
			throw RequestRejected.invalid(this.problems);
		}
	}

	static boolean isWebAddress(String value) {
		try {
			URI uri = new URI(value.trim());
			String scheme = uri.getScheme();
			return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
					&& uri.getHost() != null && !uri.getHost().isBlank();
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
