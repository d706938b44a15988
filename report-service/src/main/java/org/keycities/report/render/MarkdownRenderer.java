package org.keycities.report.render;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.keycities.report.report.AnnualReport;

import org.springframework.stereotype.Component;

/**
 * CommonMark, written by hand. Every piece of user text is escaped, so it can neither
 * format nor inject HTML; only http(s) links become autolinks.
 */
@Component
class MarkdownRenderer implements ReportRenderer {

	/** Characters that mean something inline in CommonMark or GitHub Markdown. */
	private static final Pattern INLINE = Pattern.compile("([\\\\`*_\\[\\]<>|~&!])");

	/** Text at the start of a line that would open a heading, list, quote or rule. */
	private static final Pattern LINE_START = Pattern.compile("^([#+=-])");

	/** A number at the start of a line that would open an ordered list. */
	private static final Pattern NUMBERED = Pattern.compile("^(\\d+)([.)])");

	@Override
	public ReportFormat format() {
		return ReportFormat.MD;
	}

	@Override
	public byte[] render(AnnualReport report) {
		return markdown(report).getBytes(StandardCharsets.UTF_8);
	}

	String markdown(AnnualReport report) {
		AnnualReport.Group group = report.group();
		StringBuilder md = new StringBuilder();
		md.append("# ").append(escape(group.title())).append("\n\n");
		field(md, "SIG Name", group.name());
		field(md, "Lead Member", group.leadMember());
		field(md, "Lead Officer", group.leadOfficer());
		field(md, "Email", group.email());
		field(md, "Address", group.address());
		field(md, "Telephone", group.telephone());
		if (group.website() != null) {
			md.append("**Website:** ").append(link(group.website())).append("\n\n");
		}
		if (!group.membership().isEmpty()) {
			field(md, "Membership (" + group.membership().size() + ")", String.join(", ", group.membership()));
		}
		field(md, "Reporting Year", report.year() + " (" + report.period() + ")");
		if (group.aim() != null || !group.keyRoles().isEmpty()) {
			md.append("## Aim\n\n");
			paragraphs(md, group.aim());
			paragraphs(md, group.keyRolesIntro());
			bullets(md, group.keyRoles());
		}
		md.append("## Key Activities / Outcomes of work undertaken\n\n");
		for (AnnualReport.Section section : report.sections()) {
			if (section.workstream() == null) {
				for (AnnualReport.Milestone milestone : section.milestones()) {
					md.append("- ").append(escapeBlock(milestone.text(), "  ").strip()).append("\n");
					for (String link : milestone.links()) {
						md.append("\n  ").append(link(link)).append("\n");
					}
				}
				md.append("\n");
				continue;
			}
			md.append("### ").append(escape(section.workstream())).append("\n\n");
			for (AnnualReport.Milestone milestone : section.milestones()) {
				paragraphs(md, milestone.text());
				for (String link : milestone.links()) {
					md.append(link(link)).append("\n\n");
				}
			}
		}
		return md.toString().stripTrailing() + "\n";
	}

	private static void field(StringBuilder md, String label, String value) {
		if (value != null && !value.isBlank()) {
			md.append("**").append(label).append(":** ").append(escape(value)).append("\n\n");
		}
	}

	private static void paragraphs(StringBuilder md, String text) {
		if (text != null && !text.isBlank()) {
			md.append(escapeBlock(text, "").strip()).append("\n\n");
		}
	}

	private static void bullets(StringBuilder md, List<String> items) {
		if (items.isEmpty()) {
			return;
		}
		items.forEach((item) -> md.append("- ").append(escape(item)).append("\n"));
		md.append("\n");
	}

	/** An http(s) link as an autolink; any other text as escaped plain text. */
	static String link(String link) {
		if (!Links.clickable(link)) {
			return escape(link);
		}
		String safe = link.trim().replace(" ", "%20").replace("<", "%3C").replace(">", "%3E");
		return "<" + safe + ">";
	}

	/** Text that may span lines: each line escaped, paragraphs kept. */
	static String escapeBlock(String text, String indent) {
		StringBuilder out = new StringBuilder();
		for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
			if (!out.isEmpty()) {
				out.append("\n").append(line.isBlank() ? "" : indent);
			}
			out.append(escape(line));
		}
		return out.toString();
	}

	/** One line of text, inert: it prints as written. */
	static String escape(String text) {
		if (text == null) {
			return "";
		}
		// leading spaces would make an indented code block
		String inline = INLINE.matcher(text.stripLeading()).replaceAll("\\\\$1");
		inline = LINE_START.matcher(inline).replaceFirst("\\\\$1");
		return NUMBERED.matcher(inline).replaceFirst("$1\\\\$2");
	}

}
