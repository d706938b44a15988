package org.keycities.report.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.keycities.report.report.AnnualReport;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.stereotype.Component;

/**
 * A self-contained page (inline CSS, no scripts, no external resources) that prints well.
 * Thymeleaf escapes all user text; only http(s) links get an {@code href}. The markup is
 * well-formed XHTML, so the PDF is made from the same template.
 */
@Component
public class HtmlRenderer implements ReportRenderer {

	private final ITemplateEngine templates;

	HtmlRenderer(ITemplateEngine templates) {
		this.templates = templates;
	}

	@Override
	public ReportFormat format() {
		return ReportFormat.HTML;
	}

	@Override
	public byte[] render(AnnualReport report) {
		return page(report, false).getBytes(StandardCharsets.UTF_8);
	}

	/** The page; for the PDF with A4 page rules, running header and page numbers. */
	String page(AnnualReport report, boolean pdf) {
		Context context = new Context(Locale.UK);
		context.setVariable("page", view(report));
		context.setVariable("pdf", pdf);
		return this.templates.process("report", context);
	}

	/**
	 * What the template's {@code content} fragment shows; the board's pages show the same
	 * fragment inside their layout.
	 */
	public static Page view(AnnualReport report) {
		return Page.of(report);
	}

	public record Page(String title, String year, List<Field> fields, boolean hasAim, List<String> aim,
			String keyRolesIntro, List<String> keyRoles, List<MilestoneView> flat, List<SectionView> sections) {

		static Page of(AnnualReport report) {
			AnnualReport.Group group = report.group();
			List<Field> fields = new ArrayList<>();
			Field.add(fields, "SIG Name", group.name(), null);
			Field.add(fields, "Lead Member", group.leadMember(), null);
			Field.add(fields, "Lead Officer", group.leadOfficer(), null);
			Field.add(fields, "Email", group.email(), null);
			Field.add(fields, "Address", group.address(), null);
			Field.add(fields, "Telephone", group.telephone(), null);
			Field.add(fields, "Website", group.website(),
					Links.clickable(group.website()) ? group.website().trim() : null);
			if (!group.membership().isEmpty()) {
				Field.add(fields, "Membership (" + group.membership().size() + ")",
						String.join(", ", group.membership()), null);
			}
			Field.add(fields, "Reporting Year", report.year() + " (" + report.period() + ")", null);
			List<MilestoneView> flat = new ArrayList<>();
			List<SectionView> sections = new ArrayList<>();
			for (AnnualReport.Section section : report.sections()) {
				List<MilestoneView> milestones = section.milestones().stream().map(MilestoneView::of).toList();
				if (section.workstream() == null) {
					flat.addAll(milestones);
				}
				else {
					sections.add(new SectionView(section.workstream(), milestones));
				}
			}
			return new Page(group.title(), report.year(), fields, group.aim() != null || !group.keyRoles().isEmpty(),
					paragraphs(group.aim()), group.keyRolesIntro(), group.keyRoles(), flat, sections);
		}

	}

	public record Field(String label, String value, String href) {

		static void add(List<Field> fields, String label, String value, String href) {
			if (value != null && !value.isBlank()) {
				fields.add(new Field(label, value, href));
			}
		}

	}

	public record SectionView(String workstream, List<MilestoneView> milestones) {

	}

	public record MilestoneView(List<String> paragraphs, List<LinkView> links) {

		static MilestoneView of(AnnualReport.Milestone milestone) {
			return new MilestoneView(HtmlRenderer.paragraphs(milestone.text()),
					milestone.links()
						.stream()
						.map((link) -> new LinkView(link, Links.clickable(link) ? link.trim() : null))
						.toList());
		}

	}

	/**
	 * @param href {@code null} unless the link is http(s)
	 */
	public record LinkView(String text, String href) {

	}

	static List<String> paragraphs(String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		return Arrays.stream(text.replace("\r\n", "\n").split("\n\\s*\n")).map(String::strip).toList();
	}

}
