package org.keycities.report.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.keycities.report.report.AnnualReport;
import org.unbescape.html.HtmlEscape;

import org.springframework.stereotype.Component;

/**
 * A self-contained page (inline CSS, no scripts, no external resources) that prints well.
 * All user text is escaped; only http(s) links get an {@code href}. The markup is
 * well-formed XHTML, so the PDF is made from the same page.
 * <p>
 * Written straight into one buffer rather than through a template: a year of 10,000
 * milestones is some 80,000 elements, and filling in a Thymeleaf template for them was
 * half of report-service's CPU time for a download (./start's stack, 9,000 milestones:
 * 255 ms a download with the template, 129 ms without; the same bytes). The board's pages
 * show the same {@link #content} inside their own layout.
 */
@Component
public class HtmlRenderer implements ReportRenderer {

	private static final String STYLE = resource("report.css");

	private static final String PDF_STYLE = resource("pdf.css");

	private static final Pattern BLANK_LINES = Pattern.compile("\n\\s*\n");

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
		StringBuilder out = new StringBuilder(8192 + 300 * milestones(report));
		out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>");
		text(out, report.group().title() + " (" + report.year() + ")");
		out.append("</title>\n<style>\n").append(STYLE).append("</style>\n");
		if (pdf) {
			out.append("<style>\n").append(PDF_STYLE).append("</style>");
		}
		out.append("\n</head>\n<body>\n<main>\n");
		content(out, report, pdf);
		out.append("\n</main>\n</body>\n</html>\n");
		return out.toString();
	}

	/**
	 * The report without the page around it (its title, header block, aim and
	 * activities), as the board's pages show it.
	 */
	public static String content(AnnualReport report) {
		StringBuilder out = new StringBuilder(4096 + 300 * milestones(report));
		content(out, report, false);
		return out.toString();
	}

	private static void content(StringBuilder out, AnnualReport report, boolean pdf) {
		AnnualReport.Group group = report.group();
		out.append('\n');
		if (!pdf) {
			out.append("<p class=\"board\">LGA Leadership Board</p>");
		}
		out.append("\n<h1>");
		text(out, group.title());
		out.append("</h1>\n<dl class=\"header-block\">\n");
		header(out, report);
		out.append("\n</dl>\n");
		if (group.aim() != null || !group.keyRoles().isEmpty()) {
			out.append("<section aria-labelledby=\"aim\">\n<h2 id=\"aim\">Aim</h2>\n");
			each(out, paragraphs(group.aim()), HtmlRenderer::paragraph);
			out.append('\n');
			if (group.keyRolesIntro() != null) {
				paragraph(out, group.keyRolesIntro());
			}
			out.append('\n');
			if (!group.keyRoles().isEmpty()) {
				out.append("<ul>\n");
				each(out, group.keyRoles(), (o, role) -> element(o, "<li>", role, "</li>"));
				out.append("\n</ul>");
			}
			out.append("\n</section>");
		}
		out.append("\n<section aria-labelledby=\"activities\">\n")
			.append("<h2 id=\"activities\">Key Activities / Outcomes of work undertaken</h2>\n");
		List<AnnualReport.Milestone> flat = report.sections()
			.stream()
			.filter((section) -> section.workstream() == null)
			.flatMap((section) -> section.milestones().stream())
			.toList();
		if (!flat.isEmpty()) {
			out.append("<ul>\n");
			each(out, flat, (o, milestone) -> {
				o.append("<li>\n");
				milestone(o, milestone);
				o.append("\n</li>");
			});
			out.append("\n</ul>");
		}
		out.append('\n');
		List<AnnualReport.Section> workstreams = report.sections()
			.stream()
			.filter((section) -> section.workstream() != null)
			.toList();
		for (int i = 0; i < workstreams.size(); i++) {
			AnnualReport.Section section = workstreams.get(i);
			String id = "workstream-" + (i + 1);
			out.append((i > 0) ? "\n" : "")
				.append("<section aria-labelledby=\"")
				.append(id)
				.append("\">\n<h3 id=\"")
				.append(id)
				.append("\">");
			text(out, section.workstream());
			out.append("</h3>\n");
			each(out, section.milestones(), (o, milestone) -> {
				o.append("<div class=\"milestone\">\n");
				milestone(o, milestone);
				o.append("\n</div>");
			});
			out.append("\n</section>");
		}
		out.append("\n</section>\n");
	}

	private static void header(StringBuilder out, AnnualReport report) {
		AnnualReport.Group group = report.group();
		Fields fields = new Fields(out);
		fields.add("SIG Name", group.name(), false);
		fields.add("Lead Member", group.leadMember(), false);
		fields.add("Lead Officer", group.leadOfficer(), false);
		fields.add("Email", group.email(), false);
		fields.add("Address", group.address(), false);
		fields.add("Telephone", group.telephone(), false);
		fields.add("Website", group.website(), true);
		if (!group.membership().isEmpty()) {
			fields.add("Membership (" + group.membership().size() + ")", String.join(", ", group.membership()), false);
		}
		fields.add("Reporting Year", report.year() + " (" + report.period() + ")", false);
	}

	/** The header block's lines, each only if it has a value. */
	private static final class Fields {

		private final StringBuilder out;

		private boolean first = true;

		Fields(StringBuilder out) {
			this.out = out;
		}

		void add(String label, String value, boolean link) {
			if (value == null || value.isBlank()) {
				return;
			}
			if (!this.first) {
				this.out.append('\n');
			}
			this.first = false;
			this.out.append("<div>\n<dt>");
			text(this.out, label + ":");
			this.out.append("</dt>\n<dd>");
			if (link && Links.clickable(value)) {
				anchor(this.out, value);
			}
			else {
				element(this.out, "<span>", value, "</span>");
			}
			this.out.append("</dd>\n</div>");
		}

	}

	private static void milestone(StringBuilder out, AnnualReport.Milestone milestone) {
		each(out, paragraphs(milestone.text()), HtmlRenderer::paragraph);
		out.append('\n');
		if (!milestone.links().isEmpty()) {
			out.append("<ul class=\"links\">\n");
			each(out, milestone.links(), (o, link) -> {
				o.append("<li>");
				if (Links.clickable(link)) {
					anchor(o, link);
				}
				else {
					element(o, "<span class=\"link-text\">", link, "</span>");
				}
				o.append("</li>");
			});
			out.append("\n</ul>");
		}
	}

	/** An http(s) link: its address trimmed, its text as typed. */
	private static void anchor(StringBuilder out, String link) {
		out.append("<a href=\"");
		text(out, link.trim());
		out.append("\">");
		text(out, link);
		out.append("</a>");
	}

	private static void paragraph(StringBuilder out, String text) {
		element(out, "<p>", text, "</p>");
	}

	private static void element(StringBuilder out, String open, String text, String close) {
		out.append(open);
		text(out, text);
		out.append(close);
	}

	/** The items one to a line. */
	private static <T> void each(StringBuilder out, List<T> items, BiConsumer<StringBuilder, T> item) {
		for (int i = 0; i < items.size(); i++) {
			if (i > 0) {
				out.append('\n');
			}
			item.accept(out, items.get(i));
		}
	}

	/**
	 * Text as it may stand in an element or a quoted attribute: the five characters that
	 * mean something in markup escaped, everything else as it is (as Thymeleaf escapes).
	 */
	static void text(StringBuilder out, String text) {
		out.append(HtmlEscape.escapeHtml4Xml(text));
	}

	private static int milestones(AnnualReport report) {
		return report.sections().stream().mapToInt((section) -> section.milestones().size()).sum();
	}

	static List<String> paragraphs(String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		if (text.indexOf('\n') < 0) {
			// one paragraph, as most are: no need for the pattern
			return List.of(text.strip());
		}
		return Arrays.stream(BLANK_LINES.split(text.replace("\r\n", "\n"))).map(String::strip).toList();
	}

	private static String resource(String name) {
		try (InputStream in = HtmlRenderer.class.getResourceAsStream("/report/" + name)) {
			if (in == null) {
				throw new IllegalStateException("report/" + name + " is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
