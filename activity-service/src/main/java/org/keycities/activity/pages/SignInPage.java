package org.keycities.activity.pages;

import java.util.List;

import org.keycities.activity.group.GroupManagement;
import org.keycities.activity.group.GroupView;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class SignInPage {

	private final GroupManagement groups;

	SignInPage(GroupManagement groups) {
		this.groups = groups;
	}

	@GetMapping("/sign-in")
	String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String signedOut,
			Model model) {
		model.addAttribute("failed", error != null);
		model.addAttribute("signedOut", signedOut != null);
		return "sign-in";
	}

	/** Most people work for one group: take them straight to it. */
	@GetMapping("/")
	String home() {
		List<GroupView> all = this.groups.all();
		return all.size() == 1 ? "redirect:/groups/" + all.get(0).id() : "redirect:/groups";
	}

}
