package org.keycities.notification.pages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.keycities.activity.events.MilestoneType;
import org.keycities.notification.ingest.KnownGroups;
import org.keycities.notification.recipient.Recipient;
import org.keycities.notification.recipient.RecipientManagement;
import org.keycities.notification.web.ConflictException;
import org.keycities.notification.web.FieldProblem;
import org.keycities.notification.web.InvalidRequestException;
import org.keycities.notification.web.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admins' pages for a group's recipients: list, add, change, remove and import. Plain
 * HTML forms, redirect after a successful POST, the same checks and messages as the API
 * (they go through {@link RecipientManagement}).
 */
@Controller
@RequestMapping("/groups/{groupId}/recipients")
class RecipientPages {

	private final RecipientManagement management;

	private final KnownGroups groups;

	RecipientPages(RecipientManagement management, KnownGroups groups) {
		this.management = management;
		this.groups = groups;
	}

	@ModelAttribute
	void group(@PathVariable String groupId, Model model) {
		model.addAttribute("groupId", groupId);
		model.addAttribute("groupName", this.groups.nameOf(groupId));
		model.addAttribute("allTypes", MilestoneType.values());
	}

	@GetMapping
	String list(@PathVariable String groupId, Model model) {
		model.addAttribute("recipients", this.management.list(groupId));
		return "pages/recipients";
	}

	@GetMapping("/new")
	String addForm(Model model) {
		return form(model, new RecipientForm(), null, List.of());
	}

	@PostMapping("/new")
	String add(@PathVariable String groupId, @ModelAttribute("form") RecipientForm form, Model model,
			RedirectAttributes redirect) {
		try {
			Recipient added = this.management.add(groupId, form.request());
			redirect.addFlashAttribute("success", added.getEmail() + " was added");
			return "redirect:/groups/{groupId}/recipients";
		}
		catch (InvalidRequestException ex) {
			return form(model, form, null, ex.problems());
		}
		catch (ConflictException ex) {
			return form(model, form, null, List.of(ex.problem()));
		}
	}

	@GetMapping("/{id}/edit")
	String editForm(@PathVariable String groupId, @PathVariable String id, Model model) {
		return form(model, RecipientForm.of(this.management.find(groupId, id)), id, List.of());
	}

	@PostMapping("/{id}/edit")
	String change(@PathVariable String groupId, @PathVariable String id, @ModelAttribute("form") RecipientForm form,
			Model model, RedirectAttributes redirect) {
		try {
			Recipient changed = this.management.change(groupId, id, form.request());
			redirect.addFlashAttribute("success", "Changes to " + changed.getEmail() + " were saved");
			return "redirect:/groups/{groupId}/recipients";
		}
		catch (InvalidRequestException ex) {
			return form(model, form, id, ex.problems());
		}
		catch (ConflictException ex) {
			return form(model, form, id, List.of(ex.problem()));
		}
	}

	@GetMapping("/{id}/remove")
	String confirmRemove(@PathVariable String groupId, @PathVariable String id, Model model) {
		model.addAttribute("recipient", this.management.find(groupId, id));
		return "pages/recipient-remove";
	}

	@PostMapping("/{id}/remove")
	String remove(@PathVariable String groupId, @PathVariable String id, RedirectAttributes redirect) {
		Recipient recipient = this.management.find(groupId, id);
		this.management.remove(groupId, id);
		redirect.addFlashAttribute("success", recipient.getEmail() + " was removed");
		return "redirect:/groups/{groupId}/recipients";
	}

	@GetMapping("/import")
	String importForm(Model model) {
		model.addAttribute("errors", List.of());
		return "pages/recipients-import";
	}

	/** All or nothing: a file with any mistake adds nobody and shows every bad line. */
	@PostMapping("/import")
	String importCsv(@PathVariable String groupId, @RequestParam(required = false) MultipartFile file, Model model,
			RedirectAttributes redirect) throws IOException {
		if (file == null || file.isEmpty()) {
			return importErrors(model, List.of(FieldProblem.of("file", "Select a CSV file of recipients")));
		}
		try {
			List<Recipient> added = this.management.importCsv(groupId,
					new String(file.getBytes(), StandardCharsets.UTF_8));
			if (added.isEmpty()) {
				return importErrors(model,
						List.of(FieldProblem.of("file", "The selected file has no recipients in it")));
			}
			redirect.addFlashAttribute("success",
					(added.size() == 1) ? "1 recipient was imported" : added.size() + " recipients were imported");
			return "redirect:/groups/{groupId}/recipients";
		}
		catch (InvalidRequestException ex) {
			return importErrors(model, ex.problems().stream().map(RecipientPages::inFile).toList());
		}
		catch (ConflictException ex) {
			return importErrors(model, List.of(inFile(ex.problem())));
		}
	}

	@ExceptionHandler(NotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound() {
		return "pages/not-found";
	}

	/** Every mistake in a file is shown against the file field, keeping its line. */
	private static FieldProblem inFile(FieldProblem problem) {
		return new FieldProblem(problem.line(), "file", problem.message());
	}

	private String importErrors(Model model, List<FieldProblem> errors) {
		model.addAttribute("errors", errors);
		return "pages/recipients-import";
	}

	private static String form(Model model, RecipientForm form, String id, List<FieldProblem> errors) {
		model.addAttribute("form", form);
		model.addAttribute("recipientId", id);
		model.addAttribute("errors", errors);
		return "pages/recipient-form";
	}

}
