package org.keycities.activity.group;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import org.keycities.activity.web.Versions;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/groups")
class GroupController {

	private final GroupManagement groups;

	GroupController(GroupManagement groups) {
		this.groups = groups;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<GroupView> create(@RequestBody GroupProfile profile, Principal user,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		GroupView created = this.groups.create(profile, user.getName(), idempotencyKey);
		return ResponseEntity.created(URI.create("/api/groups/" + created.id()))
			.eTag(Versions.etag(created.version()))
			.body(created);
	}

	@PutMapping(path = "/{groupId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<GroupView> replace(@PathVariable String groupId, @RequestBody GroupProfile profile,
			@RequestHeader(name = "If-Match", required = false) String ifMatch, Principal user) {
		GroupView replaced = this.groups.replace(groupId, profile, ifMatch, user.getName());
		return ResponseEntity.ok().eTag(Versions.etag(replaced.version())).body(replaced);
	}

	@GetMapping("/{groupId}")
	ResponseEntity<GroupView> find(@PathVariable String groupId) {
		GroupView group = this.groups.find(groupId);
		return ResponseEntity.ok().eTag(Versions.etag(group.version())).body(group);
	}

	@GetMapping
	List<GroupView> all() {
		return this.groups.all();
	}

}
