package org.keycities.report.pages;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class SignInPage {

	@GetMapping("/sign-in")
	String signIn(@RequestParam(required = false) String error, @RequestParam(required = false) String signedOut,
			Model model) {
		model.addAttribute("failed", error != null);
		model.addAttribute("signedOut", signedOut != null);
		return "sign-in";
	}

}
