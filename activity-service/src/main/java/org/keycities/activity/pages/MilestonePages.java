package org.keycities.activity.pages;

import java.security.Principal;
import java.util.stream.Stream;

import org.keycities.activity.events.MilestoneType;
import org.keycities.activity.group.GroupManagement;
import org.keycities.activity.group.GroupView;
import org.keycities.activity.milestone.MilestoneManagement;
import org.keycities.activity.milestone.MilestoneView;
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

/**
 * One milestone, and the forms to record, amend and withdraw milestones. Every check is
 * the API's own, so the page shows the same messages.
 */
@Controller
class MilestonePages {

	static final String STALE = "Someone else changed this milestone while you were working on it. "
			+ "Your changes have not been saved. The form now shows their version: make your changes again.";

	private final MilestoneManagement milestones;

	private final GroupManagement groups;

	MilestonePages(MilestoneManagement milestones, GroupManagement groups) {
		this.milestones = milestones;
		this.groups = groups;
	}

	@GetMapping("/milestones/{id}")
	String milestone(@PathVariable String id, Model model) {
		MilestoneView milestone = this.milestones.find(id);
		model.addAttribute("row", new MilestoneRow(milestone));
		model.addAttribute("m", milestone);
		model.addAttribute("group", this.groups.find(milestone.groupId()));
		return "milestone";
	}

	@GetMapping("/groups/{groupId}/milestones/new")
	String newMilestone(@PathVariable String groupId, Model model) {
		return milestoneForm(model, this.groups.find(groupId), null, MilestoneForm.empty(), FormErrors.none());
	}

	@PostMapping("/groups/{groupId}/milestones")
	String record(@PathVariable String groupId, @ModelAttribute MilestoneForm form, Principal user, Model model,
			RedirectAttributes redirect) {
		GroupView group = this.groups.find(groupId);
		try {
			MilestoneView recorded = this.milestones.record(groupId, form.toRequest(), user.getName(), null);
			redirect.addFlashAttribute("success", "Milestone recorded");
			return "redirect:/milestones/" + recorded.id();
		}
		catch (RequestRejected ex) {
			return milestoneForm(model, group, null, form, FormErrors.of(ex.problems()));
		}
	}

	@GetMapping("/milestones/{id}/amend")
	String amendForm(@PathVariable String id, Model model) {
		MilestoneView milestone = this.milestones.find(id);
		return milestoneForm(model, this.groups.find(milestone.groupId()), milestone, MilestoneForm.of(milestone),
				FormErrors.none());
	}

	@PostMapping("/milestones/{id}/amend")
	String amend(@PathVariable String id, @ModelAttribute MilestoneForm form, Principal user, Model model,
			RedirectAttributes redirect) {
		MilestoneView milestone = this.milestones.find(id);
		GroupView group = this.groups.find(milestone.groupId());
		try {
			this.milestones.amend(id, form.toRequest(), version(form.version()), user.getName());
			redirect.addFlashAttribute("success", "Milestone amended");
			return "redirect:/milestones/" + id;
		}
		catch (RequestRejected ex) {
			if (ex.status() == HttpStatus.PRECONDITION_FAILED) {
				return staleMilestone(id, group, model);
			}
			return milestoneForm(model, group, milestone, form, FormErrors.of(ex.problems()));
		}
		catch (OptimisticLockingFailureException ex) {
			return staleMilestone(id, group, model);
		}
	}

	@GetMapping("/milestones/{id}/withdraw")
	String withdrawForm(@PathVariable String id, Model model) {
		MilestoneView milestone = this.milestones.find(id);
		return withdrawForm(model, milestone, null, FormErrors.none());
	}

	@PostMapping("/milestones/{id}/withdraw")
	String withdraw(@PathVariable String id, @RequestParam(required = false) String reason,
			@RequestParam(required = false) Long version, Principal user, Model model, RedirectAttributes redirect) {
		try {
			this.milestones.withdraw(id, reason, version(version), user.getName());
			redirect.addFlashAttribute("success", "Milestone withdrawn");
			return "redirect:/milestones/" + id;
		}
		catch (RequestRejected ex) {
			MilestoneView latest = this.milestones.find(id);
			if (ex.status() == HttpStatus.PRECONDITION_FAILED) {
				return withdrawForm(model, latest, reason, FormErrors.general(STALE));
			}
			if (ex.status() != HttpStatus.BAD_REQUEST) {
				throw ex;
			}
			return withdrawForm(model, latest, reason, FormErrors.of(ex.problems()));
		}
		catch (OptimisticLockingFailureException ex) {
			return withdrawForm(model, this.milestones.find(id), reason, FormErrors.general(STALE));
		}
	}

	private String staleMilestone(String id, GroupView group, Model model) {
		MilestoneView latest = this.milestones.find(id);
		return milestoneForm(model, group, latest, MilestoneForm.of(latest), FormErrors.general(STALE));
	}

	private String milestoneForm(Model model, GroupView group, MilestoneView milestone, MilestoneForm form,
			FormErrors errors) {
		model.addAttribute("group", group);
		model.addAttribute("milestone", milestone);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("types", MilestoneType.values());
		model.addAttribute("workstreams",
				Stream
					.concat(group.workstreamOrder().stream(), this.milestones.facets(group.id()).workstreams().stream())
					.distinct()
					.toList());
		return "milestone-form";
	}

	private String withdrawForm(Model model, MilestoneView milestone, String reason, FormErrors errors) {
		model.addAttribute("m", milestone);
		model.addAttribute("row", new MilestoneRow(milestone));
		model.addAttribute("reason", reason);
		model.addAttribute("errors", errors);
		return "withdraw";
	}

	/** A form that lost its version field can only be stale. */
	private static String version(Long version) {
		return Versions.etag(version == null ? -1 : version);
	}

}
