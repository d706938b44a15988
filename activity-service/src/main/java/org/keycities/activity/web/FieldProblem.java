package org.keycities.activity.web;

/**
 * One thing wrong with a request, in words an officer understands.
 *
 * @param field the JSON field, query parameter or header at fault, e.g. {@code title} or
 * {@code links[1]}
 */
public record FieldProblem(String field, String message) {

}
