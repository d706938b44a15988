package org.keycities.activity.pages;

import java.security.Principal;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.keycities.activity.events.MilestoneType;
import org.keycities.activity.group.GroupManagement;
import org.keycities.activity.group.GroupView;
import org.keycities.activity.milestone.MilestoneManagement;
import org.keycities.activity.milestone.MilestoneManagement.Facets;
import org.keycities.activity.milestone.MilestoneManagement.MilestoneFilter;
import org.keycities.activity.milestone.MilestoneManagement.MilestonePage;
import org.keycities.activity.web.RequestRejected;
import org.keycities.activity.web.Versions;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The list of groups, a group's milestones, and the group profile forms. */
@Controller
class GroupPages {

	static final int PAGE_SIZE = 50;

	static final String STALE = "Someone else changed this group's profile while you were editing it. "
			+ "Your changes have not been saved. The form now shows their version: make your changes again.";

	static final Map<Integer, String> MONTHS = Arrays.stream(Month.values())
		.collect(Collectors.toMap(Month::getValue, (m) -> m.getDisplayName(TextStyle.FULL, Locale.UK), (a, b) -> a,
				TreeMap::new));

	private final GroupManagement groups;

	private final MilestoneManagement milestones;

	GroupPages(GroupManagement groups, MilestoneManagement milestones) {
		this.groups = groups;
		this.milestones = milestones;
	}

	@GetMapping("/groups")
	String list(Model model) {
		model.addAttribute("groups", this.groups.all());
		return "groups";
	}

	@GetMapping("/groups/{groupId}")
	String group(@PathVariable String groupId, @RequestParam(required = false) String reportingYear,
			@RequestParam(required = false) String workstream, @RequestParam(required = false) String type,
			@RequestParam(defaultValue = "0") int page, Model model) {
		GroupView group = this.groups.find(groupId);
		MilestonePage found = this.milestones.search(groupId, new MilestoneFilter(blankToNull(reportingYear),
				blankToNull(type), blankToNull(workstream), null, page, PAGE_SIZE));
		Facets facets = this.milestones.facets(groupId);
		model.addAttribute("group", group);
		model.addAttribute("rows", found.content().stream().map(MilestoneRow::new).toList());
		model.addAttribute("found", found);
		model.addAttribute("years", facets.reportingYears());
		model.addAttribute("workstreams", facets.workstreams());
		model.addAttribute("types", MilestoneType.values());
		model.addAttribute("filter", new Filter(reportingYear, workstream, type));
		return "group";
	}

	@GetMapping("/groups/new")
	String newGroup(Model model) {
		return groupForm(model, null, GroupForm.empty(), FormErrors.none());
	}

	@PostMapping("/groups")
	String create(@ModelAttribute GroupForm form, Principal user, Model model, RedirectAttributes redirect) {
		try {
			GroupView created = this.groups.create(form.toProfile(), user.getName(), null);
			redirect.addFlashAttribute("success", "Group created");
			return "redirect:/groups/" + created.id();
		}
		catch (RequestRejected ex) {
			return groupForm(model, null, form, FormErrors.of(ex.problems()));
		}
	}

	@GetMapping("/groups/{groupId}/profile")
	String editProfile(@PathVariable String groupId, Model model) {
		GroupView group = this.groups.find(groupId);
		return groupForm(model, group, GroupForm.of(group), FormErrors.none());
	}

	@PostMapping("/groups/{groupId}/profile")
	String saveProfile(@PathVariable String groupId, @ModelAttribute GroupForm form, Principal user, Model model,
			RedirectAttributes redirect) {
		GroupView group = this.groups.find(groupId);
		try {
			this.groups.replace(groupId, form.toProfile(), Versions.etag(form.version() == null ? -1 : form.version()),
					user.getName());
			redirect.addFlashAttribute("success", "Group profile saved");
			return "redirect:/groups/" + groupId;
		}
		catch (RequestRejected ex) {
			if (ex.status() == HttpStatus.PRECONDITION_FAILED) {
				GroupView latest = this.groups.find(groupId);
				return groupForm(model, latest, GroupForm.of(latest), FormErrors.general(STALE));
			}
			return groupForm(model, group, form, FormErrors.of(ex.problems()));
		}
		catch (OptimisticLockingFailureException ex) {
			GroupView latest = this.groups.find(groupId);
			return groupForm(model, latest, GroupForm.of(latest), FormErrors.general(STALE));
		}
	}

	private String groupForm(Model model, GroupView group, GroupForm form, FormErrors errors) {
		model.addAttribute("group", group);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("months", MONTHS);
		return "group-form";
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}

	/** The filters as chosen, to keep them selected. */
	record Filter(String reportingYear, String workstream, String type) {

	}

}
