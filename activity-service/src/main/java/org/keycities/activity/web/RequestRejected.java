package org.keycities.activity.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A request the service will not carry out, with the status and the field-level reasons
 * that go into its problem details.
 */
public class RequestRejected extends RuntimeException {

	private final HttpStatus status;

	private final String title;

	private final List<FieldProblem> problems;

	public RequestRejected(HttpStatus status, String title, List<FieldProblem> problems) {
		super(title + ": " + problems);
		this.status = status;
		this.title = title;
		this.problems = List.copyOf(problems);
	}

	public static RequestRejected invalid(List<FieldProblem> problems) {
		return new RequestRejected(HttpStatus.BAD_REQUEST, "Your request has mistakes", problems);
	}

	public static RequestRejected invalid(String field, String message) {
		return invalid(List.of(new FieldProblem(field, message)));
	}

	public static RequestRejected notFound(String field, String message) {
		return new RequestRejected(HttpStatus.NOT_FOUND, "Not found", List.of(new FieldProblem(field, message)));
	}

	public static RequestRejected conflict(String field, String message) {
		return new RequestRejected(HttpStatus.CONFLICT, "This conflicts with what is stored",
				List.of(new FieldProblem(field, message)));
	}

	public static RequestRejected staleVersion(long current) {
		return new RequestRejected(HttpStatus.PRECONDITION_FAILED, "Someone else changed this first",
				List.of(new FieldProblem("If-Match", "This was changed since you read it (it is now at version "
						+ current + "). Read it again, then make your change")));
	}

	public static RequestRejected versionRequired() {
		return new RequestRejected(HttpStatus.PRECONDITION_REQUIRED, "Say which version you are changing", List
			.of(new FieldProblem("If-Match",
					"Send the version you read (the ETag) in the If-Match header, so that no one else's change is overwritten")));
	}

	public static RequestRejected idempotencyKeyReused() {
		return new RequestRejected(HttpStatus.UNPROCESSABLE_CONTENT,
				"This Idempotency-Key was used for another request", List.of(new FieldProblem("Idempotency-Key",
						"This key was already used for a different request. Use a new key for a new request")));
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	public List<FieldProblem> problems() {
		return this.problems;
	}

}
