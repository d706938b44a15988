package org.keycities.activity.pages;

import java.util.List;
import java.util.Set;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

import org.keycities.activity.web.ApiProblems;
import org.keycities.activity.web.RequestRejected;

/**
 * What every page needs to know about the person reading it, and the page shown when a
 * request cannot be carried out (instead of the API's problem details).
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageModel {

	private static final Set<String> WRITERS = Set.of("ROLE_OFFICER", "ROLE_ADMIN");

	@ModelAttribute("signedIn")
	boolean signedIn(Authentication authentication) {
		return authentication != null && !(authentication instanceof AnonymousAuthenticationToken);
	}

	@ModelAttribute("userName")
	String userName(Authentication authentication) {
		return signedIn(authentication) ? authentication.getName() : null;
	}

	/** Only officers and admins see the buttons that change something. */
	@ModelAttribute("canWrite")
	boolean canWrite(Authentication authentication) {
		return signedIn(authentication) && authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.anyMatch(WRITERS::contains);
	}

	@ExceptionHandler
	ModelAndView rejected(RequestRejected ex) {
		ModelAndView page = new ModelAndView("problem");
		page.setStatus(ex.status());
		page.addObject("title", ex.status() == HttpStatus.NOT_FOUND ? "Page not found" : ex.title());
		page.addObject("messages", ex.problems().stream().map((p) -> p.message()).toList());
		return page;
	}

	@ExceptionHandler
	ModelAndView unavailable(DataAccessResourceFailureException ex) {
		ModelAndView page = new ModelAndView("problem");
		page.setStatus(HttpStatus.SERVICE_UNAVAILABLE);
		page.addObject("title", ApiProblems.UNAVAILABLE_TITLE);
		page.addObject("messages", List.of(ApiProblems.UNAVAILABLE_MESSAGE + "."));
		return page;
	}

	@ExceptionHandler
	ModelAndView raced(OptimisticLockingFailureException ex) {
		ModelAndView page = new ModelAndView("problem");
		page.setStatus(HttpStatus.CONFLICT);
		page.addObject("title", "Someone else changed this first");
		page.addObject("messages", List
			.of("Someone else saved a change at the same moment. Go back, reload the page and make your change again."));
		return page;
	}

}
