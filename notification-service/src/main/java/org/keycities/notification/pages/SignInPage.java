package org.keycities.notification.pages;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * The sign-in form (Spring Security handles its POST) and the page for a refused user.
 */
@Controller
class SignInPage {

	@GetMapping("/sign-in")
	String signIn(@RequestParam(required = false) String error,
			@RequestParam(name = "signed-out", required = false) String signedOut, Model model) {
		model.addAttribute("failed", error != null);
		model.addAttribute("signedOut", signedOut != null);
		return "pages/sign-in";
	}

	/**
	 * Where a signed-in board member lands on an admin page: 403, with a way to sign out.
	 */
	@RequestMapping("/forbidden")
	@ResponseStatus(HttpStatus.FORBIDDEN)
	String forbidden() {
		return "error/403";
	}

}
