package org.keycities.notification.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with a request, in words an officer can act on.
 *
 * @param line the line of an imported file, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldProblem(Integer line, String field, String message) {

	public static FieldProblem of(String field, String message) {
		return new FieldProblem(null, field, message);
	}

	public FieldProblem atLine(int line) {
		return new FieldProblem(line, this.field, this.message);
	}

}
