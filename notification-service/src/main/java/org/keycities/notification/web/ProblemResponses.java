package org.keycities.notification.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every rejected API request gets an RFC 9457 problem, naming the field and the reason in
 * plain English.
 */
@RestControllerAdvice(basePackages = "org.keycities.notification")
class ProblemResponses extends ResponseEntityExceptionHandler {

	private static final String MISTAKES = "Your request has mistakes";

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalid(InvalidRequestException ex) {
		return mistakes(ex.problems());
	}

	@ExceptionHandler(ConflictException.class)
	ProblemDetail conflict(ConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.problem().message());
		problem.setTitle(ex.getMessage());
		problem.setProperty("errors", List.of(ex.problem()));
		return problem;
	}

	@ExceptionHandler(NotFoundException.class)
	ProblemDetail notFound(NotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Not found");
		return problem;
	}

	/**
	 * MongoDB cannot be reached: the API says so plainly and that nothing changed; a page
	 * is left to the error page ("Sorry, there is a problem with the service").
	 */
	@ExceptionHandler(DataAccessResourceFailureException.class)
	ResponseEntity<ProblemDetail> unavailable(DataAccessResourceFailureException ex, HttpServletRequest request) {
		if (!request.getRequestURI().startsWith("/api/")) {
			throw ex;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Nothing was saved or changed. Please try again in a minute.");
		problem.setTitle("The notification service cannot reach its database just now");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "30")
			.body(problem);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return mistakes(List.of(FieldProblem.of(ex.getName(), "This value is not one we recognise")));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> problems = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> FieldProblem.of(error.getField(), error.getDefaultMessage()))
			.toList();
		return ResponseEntity.badRequest().body(mistakes(problems));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = mistakes(List.of(FieldProblem.of("body",
				"The request body could not be read: send JSON with the fields listed in the documentation, "
						+ "and use only the values allowed for each")));
		return ResponseEntity.badRequest().body(problem);
	}

	private static ProblemDetail mistakes(List<FieldProblem> problems) {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
		problem.setTitle(MISTAKES);
		problem.setDetail(problems.size() == 1 ? problems.get(0).message()
				: "There are " + problems.size() + " mistakes; each is listed under errors");
		problem.setProperty("errors", problems);
		return problem;
	}

}
