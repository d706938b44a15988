package org.keycities.notification.pages;

import java.util.Comparator;
import java.util.List;

import org.keycities.notification.ingest.KnownGroup;
import org.keycities.notification.ingest.KnownGroups;
import org.keycities.notification.web.FieldProblem;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The start page: the groups this service has heard of, and a way to open any group. */
@Controller
class GroupPages {

	private final KnownGroups groups;

	GroupPages(KnownGroups groups) {
		this.groups = groups;
	}

	@GetMapping("/")
	String groups(Model model) {
		List<KnownGroup> known = this.groups.findAll()
			.stream()
			.sorted(Comparator.comparing(KnownGroup::name, Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER)))
			.toList();
		model.addAttribute("groups", known);
		model.addAttribute("errors", List.of());
		return "pages/groups";
	}

	@GetMapping("/groups")
	String open(@RequestParam(required = false) String groupId, Model model, RedirectAttributes redirect) {
		if (groupId == null || groupId.isBlank()) {
			groups(model);
			model.addAttribute("errors",
					List.of(new FieldProblem(null, "groupId", "Enter the group's identifier, for example key-cities")));
			return "pages/groups";
		}
		redirect.addAttribute("groupId", groupId.strip());
		return "redirect:/groups/{groupId}/recipients";
	}

}
