package org.keycities.notification.recipient;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.keycities.notification.web.FieldProblem;
import org.keycities.notification.web.InvalidRequestException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The member councils' contacts of one group. */
@RestController
@RequestMapping("/api/groups/{groupId}/recipients")
class RecipientController {

	private final RecipientManagement management;

	RecipientController(RecipientManagement management) {
		this.management = management;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<RecipientView> add(@PathVariable String groupId, @RequestBody RecipientRequest request) {
		Recipient recipient = this.management.add(groupId, request);
		return ResponseEntity.created(URI.create("/api/groups/" + groupId + "/recipients/" + recipient.getId()))
			.body(RecipientView.of(recipient));
	}

	@GetMapping
	List<RecipientView> list(@PathVariable String groupId) {
		return this.management.list(groupId).stream().map(RecipientView::of).toList();
	}

	@GetMapping("/{id}")
	RecipientView one(@PathVariable String groupId, @PathVariable String id) {
		return RecipientView.of(this.management.find(groupId, id));
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	RecipientView change(@PathVariable String groupId, @PathVariable String id, @RequestBody RecipientRequest request) {
		return RecipientView.of(this.management.change(groupId, id, request));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(@PathVariable String groupId, @PathVariable String id) {
		this.management.remove(groupId, id);
	}

	@PostMapping(path = "/import", consumes = "text/csv")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> importCsv(@PathVariable String groupId, @RequestBody String csv) {
		return imported(this.management.importCsv(groupId, csv));
	}

	@PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> importFile(@PathVariable String groupId, @RequestPart("file") MultipartFile file)
			throws IOException {
		if (file.isEmpty()) {
			throw new InvalidRequestException(List.of(FieldProblem.of("file", "Choose a CSV file that is not empty")));
		}
		return imported(this.management.importCsv(groupId, new String(file.getBytes(), StandardCharsets.UTF_8)));
	}

	private static Map<String, Object> imported(List<Recipient> recipients) {
		return Map.of("imported", recipients.size(), "recipients", recipients.stream().map(RecipientView::of).toList());
	}

}
