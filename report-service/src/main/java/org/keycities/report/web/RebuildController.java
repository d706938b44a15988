package org.keycities.report.web;

import org.keycities.report.ingest.ReportRebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** ADMIN only (see the security configuration). Answers when the rebuild is done. */
@RestController
class RebuildController {

	private final ReportRebuild rebuild;

	RebuildController(ReportRebuild rebuild) {
		this.rebuild = rebuild;
	}

	@PostMapping("/api/admin/rebuild")
	ReportRebuild.Result rebuild() {
		return this.rebuild.rebuild();
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> alreadyRunning(IllegalStateException ex) {
		return Problems.problem(HttpStatus.CONFLICT, "A rebuild is already running",
				"Wait for the running rebuild to finish, then try again if you still need to.");
	}

}
