package org.keycities.report.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every refusal as RFC 9457 problem details. The content type is set here, so a client
 * that asked for a PDF still gets the problem rather than a second error.
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> reportProblem(ReportProblem problem) {
		return problem(problem.status(), problem.title(), problem.getMessage());
	}

	/**
	 * MongoDB cannot be reached: the API says so plainly and that nothing changed; a page
	 * is left to the error page.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> unavailable(DataAccessResourceFailureException ex, HttpServletRequest request) {
		if (!request.getRequestURI().startsWith("/api/")) {
			throw ex;
		}
		return response(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
			.body(body(HttpStatus.SERVICE_UNAVAILABLE, "The report service cannot reach its database just now",
					"Nothing was changed. Please try again in a minute."));
	}

	static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		return response(status).body(body(status, title, detail));
	}

	private static ResponseEntity.BodyBuilder response(HttpStatus status) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private static ProblemDetail body(HttpStatus status, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setTitle(title);
		return body;
	}

}
