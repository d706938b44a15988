package org.keycities.report.pages;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page needs to know about the person reading it, and the styled page shown
 * for a group or year that does not exist (instead of the API's problem details).
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

	@ModelAttribute("signedIn")
	boolean signedIn(Authentication authentication) {
		return authentication != null && !(authentication instanceof AnonymousAuthenticationToken);
	}

	@ModelAttribute("userName")
	String userName(Authentication authentication) {
		return signedIn(authentication) ? authentication.getName() : null;
	}

	@ExceptionHandler
	ModelAndView notFound(PageNotFound ex) {
		ModelAndView page = new ModelAndView("not-found");
		page.setStatus(HttpStatus.NOT_FOUND);
		page.addObject("message", ex.getMessage());
		return page;
	}

	/** A group, year or format the pages do not know, said in plain English. */
	static class PageNotFound extends RuntimeException {

		PageNotFound(String message) {
			super(message);
		}

	}

}
