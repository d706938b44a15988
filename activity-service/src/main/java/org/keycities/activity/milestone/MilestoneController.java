package org.keycities.activity.milestone;

import java.net.URI;
import java.security.Principal;

import org.keycities.activity.milestone.MilestoneManagement.MilestoneFilter;
import org.keycities.activity.milestone.MilestoneManagement.MilestonePage;
import org.keycities.activity.web.Versions;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MilestoneController {

	private final MilestoneManagement milestones;

	MilestoneController(MilestoneManagement milestones) {
		this.milestones = milestones;
	}

	@PostMapping(path = "/api/groups/{groupId}/milestones", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<MilestoneView> record(@PathVariable String groupId, @RequestBody MilestoneRequest request,
			Principal user, @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		MilestoneView recorded = this.milestones.record(groupId, request, user.getName(), idempotencyKey);
		return ResponseEntity.created(URI.create("/api/milestones/" + recorded.id()))
			.eTag(Versions.etag(recorded.version()))
			.body(recorded);
	}

	@GetMapping("/api/groups/{groupId}/milestones")
	MilestonePage search(@PathVariable String groupId, @RequestParam(required = false) String reportingYear,
			@RequestParam(required = false) String type, @RequestParam(required = false) String workstream,
			@RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return this.milestones.search(groupId, new MilestoneFilter(blankToNull(reportingYear), blankToNull(type),
				blankToNull(workstream), blankToNull(status), page, size));
	}

	@GetMapping("/api/milestones/{id}")
	ResponseEntity<MilestoneView> find(@PathVariable String id) {
		MilestoneView milestone = this.milestones.find(id);
		return ResponseEntity.ok().eTag(Versions.etag(milestone.version())).body(milestone);
	}

	@PutMapping(path = "/api/milestones/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<MilestoneView> amend(@PathVariable String id, @RequestBody MilestoneRequest request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, Principal user) {
		MilestoneView amended = this.milestones.amend(id, request, ifMatch, user.getName());
		return ResponseEntity.ok().eTag(Versions.etag(amended.version())).body(amended);
	}

	/**
	 * The reason comes as {@code {"reason": "..."}} or, for clients that cannot send a
	 * body with DELETE, as {@code ?reason=}.
	 */
	@DeleteMapping("/api/milestones/{id}")
	ResponseEntity<MilestoneView> withdraw(@PathVariable String id,
			@RequestBody(required = false) Withdrawal withdrawal,
			@RequestParam(name = "reason", required = false) String reasonParameter,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, Principal user) {
		String reason = withdrawal != null && withdrawal.reason() != null ? withdrawal.reason() : reasonParameter;
		MilestoneView withdrawn = this.milestones.withdraw(id, reason, ifMatch, user.getName());
		return ResponseEntity.ok().eTag(Versions.etag(withdrawn.version())).body(withdrawn);
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}

	record Withdrawal(String reason) {

	}

}
