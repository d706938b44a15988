package org.keycities.notification.delivery;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.unbescape.html.HtmlEscape;

import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.stereotype.Component;

/**
 * Renders emails from the templates under {@code templates/mail/}: HTML (escaped by
 * Thymeleaf) and plain text. A private engine, so Boot's web view engine stays as it is.
 * <p>
 * Emails that differ only in the recipient's own links are rendered once, with stand-ins
 * for the links, and each recipient's email is that form with the stand-ins replaced by
 * its links (escaped as Thymeleaf escapes them): one milestone to 1,000 recipients
 * rendered both templates 1,000 times, nearly half of the sender's own time. The
 * stand-ins are random for each start of the service, so no text an officer types can
 * hold them; an email whose text happens to is rendered on its own.
 */
@Component
class EmailComposer {

	/** Forms kept: the emails of the latest milestones sent. */
	private static final int FORMS = 16;

	private final SpringTemplateEngine engine = new SpringTemplateEngine();

	/**
	 * The base of every render's expression context, shared so that the getters its
	 * reflective property accessor finds are kept. Without one in the model, Thymeleaf
	 * makes a new base for each render, whose accessor looks every getter up again
	 * ({@code Class.getMethods}): in a profile of the benchmark's end-to-end scenario,
	 * rendering was still nearly half of the sender threads' time, most of it in those
	 * lookups. The records the templates read go through its own {@link RecordAccessor}
	 * (see there why). Thymeleaf wraps it for each render (the wrapper holds the render's
	 * own variables), so renders on several threads share only the accessors and their
	 * caches, which are safe for that.
	 */
	private final StandardEvaluationContext expressions = new StandardEvaluationContext();

	final Links standIns = new Links("preferences-" + UUID.randomUUID(), "unsubscribe-" + UUID.randomUUID());

	private final Map<Map<String, Object>, Email> forms = new LinkedHashMap<>(FORMS, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Map<String, Object>, Email> eldest) {
			return size() > FORMS;
		}

	};

	private final boolean keepForms;

	EmailComposer() {
		this(true);
	}

	/**
	 * @param keepForms {@code false} to render every email on its own (for tests to
	 * compare against)
	 */
	EmailComposer(boolean keepForms) {
		this.keepForms = keepForms;
		// compiles the templates' expressions to bytecode instead of evaluating them by
		// reflection each time: rendering was two fifths of a sender thread's time in the
		// benchmark's end-to-end scenario, every email a milestone of its own
		this.engine.setEnableSpringELCompiler(true);
		// made now, before threads share them (they are made when first asked for)
		this.expressions.addPropertyAccessor(new RecordAccessor());
		this.expressions.getMethodResolvers();
		this.expressions.getConstructorResolvers();
		this.engine.addTemplateResolver(resolver("*.html", TemplateMode.HTML, 1));
		this.engine.addTemplateResolver(resolver("*.txt", TemplateMode.TEXT, 2));
	}

	/** Where a recipient manages preferences or unsubscribes. */
	record Links(String preferences, String unsubscribe) {
	}

	Email milestone(String groupName, MilestoneView milestone, boolean update, Links links) {
		String subject = "[" + groupName + "] " + (update ? "Updated: " : "") + milestone.title();
		return render("milestone", subject, Map.of("groupName", groupName, "milestone", milestone, "update", update),
				links);
	}

	Email correction(String groupName, MilestoneView milestone, Links links) {
		String subject = "[" + groupName + "] Withdrawn: " + milestone.title();
		return render("correction", subject, Map.of("groupName", groupName, "milestone", milestone), links);
	}

	Email digest(String groupName, List<MilestoneView> milestones, Links links) {
		String subject = "[" + groupName + "] Weekly digest: " + milestones.size()
				+ (milestones.size() == 1 ? " new milestone" : " new milestones");
		return render("digest", subject, Map.of("groupName", groupName, "milestones", milestones), links);
	}

	/**
	 * @param model the template's variables but the links, which every template shows
	 */
	private Email render(String template, String subject, Map<String, Object> model, Links links) {
		Map<String, Object> key = new HashMap<>(model);
		key.put("template", template);
		key.put("subject", subject);
		Email form;
		synchronized (this.forms) {
			form = this.forms.get(key);
		}
		if (form == null) {
			if (!this.keepForms || mentionsStandIns(key.toString())) {
				return renderAlone(template, subject, model, links);
			}
			form = renderAlone(template, subject, model, this.standIns);
			synchronized (this.forms) {
				this.forms.put(key, form);
			}
		}
		return new Email(subject, fill(form.html(), HtmlEscape::escapeHtml4Xml, links),
				fill(form.text(), UnaryOperator.identity(), links));
	}

	private boolean mentionsStandIns(String text) {
		return text.contains(this.standIns.preferences()) || text.contains(this.standIns.unsubscribe());
	}

	private String fill(String form, UnaryOperator<String> escape, Links links) {
		return form.replace(this.standIns.preferences(), escape.apply(links.preferences()))
			.replace(this.standIns.unsubscribe(), escape.apply(links.unsubscribe()));
	}

	private Email renderAlone(String template, String subject, Map<String, Object> model, Links links) {
		Context context = new Context();
		context.setVariables(model);
		context.setVariable("links", links);
		context.setVariable("subject", subject);
		context.setVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
				this.expressions);
		return new Email(subject, this.engine.process(template + ".html", context),
				this.engine.process(template + ".txt", context));
	}

	private static ClassLoaderTemplateResolver resolver(String pattern, TemplateMode mode, int order) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/mail/");
		resolver.setResolvablePatterns(Set.of(pattern));
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCheckExistence(true);
		resolver.setOrder(order);
		return resolver;
	}

}
