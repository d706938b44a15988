package org.keycities.notification.delivery;

import java.util.List;
import java.util.Map;

import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.stereotype.Component;

/**
 * Renders emails from the templates under {@code templates/mail/}: HTML (escaped by
 * Thymeleaf) and plain text. A private engine, so Boot's web view engine stays as it is.
 */
@Component
class EmailComposer {

	private final SpringTemplateEngine engine = new SpringTemplateEngine();

	EmailComposer() {
		this.engine.addTemplateResolver(resolver("*.html", TemplateMode.HTML, 1));
		this.engine.addTemplateResolver(resolver("*.txt", TemplateMode.TEXT, 2));
	}

	/** Where a recipient manages preferences or unsubscribes. */
	record Links(String preferences, String unsubscribe) {
	}

	Email milestone(String groupName, MilestoneView milestone, boolean update, Links links) {
		String subject = "[" + groupName + "] " + (update ? "Updated: " : "") + milestone.title();
		return render("milestone", subject,
				Map.of("groupName", groupName, "milestone", milestone, "update", update, "links", links));
	}

	Email correction(String groupName, MilestoneView milestone, Links links) {
		String subject = "[" + groupName + "] Withdrawn: " + milestone.title();
		return render("correction", subject, Map.of("groupName", groupName, "milestone", milestone, "links", links));
	}

	Email digest(String groupName, List<MilestoneView> milestones, Links links) {
		String subject = "[" + groupName + "] Weekly digest: " + milestones.size()
				+ (milestones.size() == 1 ? " new milestone" : " new milestones");
		return render("digest", subject, Map.of("groupName", groupName, "milestones", milestones, "links", links));
	}

	private Email render(String template, String subject, Map<String, Object> model) {
		Context context = new Context();
		context.setVariables(model);
		context.setVariable("subject", subject);
		return new Email(subject, this.engine.process(template + ".html", context),
				this.engine.process(template + ".txt", context));
	}

	private static ClassLoaderTemplateResolver resolver(String pattern, TemplateMode mode, int order) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/mail/");
		resolver.setResolvablePatterns(java.util.Set.of(pattern));
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCheckExistence(true);
		resolver.setOrder(order);
		return resolver;
	}

}
