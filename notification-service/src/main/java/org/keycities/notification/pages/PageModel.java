package org.keycities.notification.pages;

import java.security.Principal;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's header needs: who is signed in, if anyone. */
@ControllerAdvice(basePackages = { "org.keycities.notification.pages", "org.keycities.notification.recipient" })
class PageModel {

	@ModelAttribute("signedInAs")
	String signedInAs(Principal principal) {
		return (principal != null) ? principal.getName() : null;
	}

}
