package org.keycities.activity.web;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every rejected request into RFC 9457 problem details that name the field at fault
 * and say why in plain English, in an {@code errors} list.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ApiProblems.class);

	/** What the API and the pages say when MongoDB cannot be reached. */
	public static final String UNAVAILABLE_TITLE = "The tracker cannot reach its database just now";

	public static final String UNAVAILABLE_MESSAGE = "Nothing was saved or changed. Please try again in a minute";

	@ExceptionHandler
	ResponseEntity<Object> rejected(RequestRejected ex) {
		return problem(ex.status(), ex.title(), ex.problems());
	}

	/**
	 * MongoDB cannot be reached: nothing was read or stored, and the client may try again
	 * (with the same {@code Idempotency-Key} for a new milestone).
	 */
	@ExceptionHandler
	ResponseEntity<Object> unavailable(DataAccessResourceFailureException ex) {
		log.warn("MongoDB is unreachable: " + ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				UNAVAILABLE_MESSAGE + ".");
		problem.setTitle(UNAVAILABLE_TITLE);
		problem.setProperty("errors", List.of());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "30")
			.body(problem);
	}

	/** Two changes raced past the If-Match check; the later one lost. */
	@ExceptionHandler
	ResponseEntity<Object> raced(OptimisticLockingFailureException ex) {
		log.debug("Concurrent change lost the race", ex);
		return problem(HttpStatus.PRECONDITION_FAILED, "Someone else changed this first",
				List.of(new FieldProblem("If-Match",
						"This was changed while you were changing it. Read it again, then make your change")));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.BAD_REQUEST, "Your request has mistakes", List.of(unreadable(ex)));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the request as JSON",
				List.of(new FieldProblem("Content-Type",
						"Send the body as JSON with the header Content-Type: application/json")));
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
		return problem(HttpStatus.BAD_REQUEST, "Your request has mistakes",
				List.of(new FieldProblem(field, "Enter " + field + " as a whole number")));
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problem(HttpStatus.BAD_REQUEST, "Your request has mistakes",
				List.of(new FieldProblem(ex.getParameterName(), "Enter " + ex.getParameterName())));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (ex instanceof MissingRequestHeaderException missing) {
			return problem(HttpStatus.BAD_REQUEST, "Your request has mistakes", List
				.of(new FieldProblem(missing.getHeaderName(), "Send the " + missing.getHeaderName() + " header")));
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	private static FieldProblem unreadable(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String field = path(mismatch.getPath());
			Class<?> target = mismatch.getTargetType();
			String expected = target == null ? "a value of the right kind"
					: (java.util.Collection.class.isAssignableFrom(target) ? "a list"
							: (Number.class.isAssignableFrom(target) || target == int.class || target == long.class)
									? "a whole number" : "text");
			return new FieldProblem(field, "Enter " + field + " as " + expected);
		}
		if (cause instanceof StreamReadException) {
			return new FieldProblem("body", "The body is not valid JSON: check the quotes, commas and brackets");
		}
		if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			String field = path(jackson.getPath());
			return new FieldProblem(field, "The value of " + field + " cannot be read");
		}
		return new FieldProblem("body", "Send a JSON object as the body");
	}

	private static String path(List<JacksonException.Reference> path) {
		StringBuilder text = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				text.append(text.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				text.append('[').append(reference.getIndex()).append(']');
			}
		}
		return text.toString();
	}

	static ResponseEntity<Object> problem(HttpStatus status, String title, List<FieldProblem> problems) {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setTitle(title);
		problem.setDetail(problems.stream().map(FieldProblem::message).reduce((a, b) -> a + ". " + b).orElse(title));
		problem.setProperty("errors", problems);
		return ResponseEntity.status(status).body(problem);
	}

}
