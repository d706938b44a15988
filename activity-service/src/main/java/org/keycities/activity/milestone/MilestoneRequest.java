package org.keycities.activity.milestone;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.keycities.activity.events.MilestoneType;
import org.keycities.activity.events.PartialDate;
import org.keycities.activity.events.ReportingYear;
import org.keycities.activity.web.Checks;

/**
 * The body of {@code POST /api/groups/{groupId}/milestones} and {@code PUT
 * /api/milestones/{id}}. Type and title are required.
 */
public record MilestoneRequest(String type, String title, String workstream, String date, String reportingYear,
		String description, List<String> links, List<String> partners) {

	static final int TITLE_MAX = 200;

	static final int DESCRIPTION_MAX = 5000;

	private static final String TYPES = Arrays.stream(MilestoneType.values())
		.map(Enum::name)
		.collect(Collectors.joining(", "));

	public MilestoneRequest {
		links = links == null ? List.of() : links;
		partners = partners == null ? List.of() : partners;
	}

	/**
	 * Everything wrong with the request for a group whose reporting year starts in
	 * {@code startMonth}.
	 */
	Checks check(int startMonth) {
		Checks checks = new Checks();
		checks.required("type", this.type, "Choose the type of milestone");
		if (this.type != null && !this.type.isBlank() && milestoneType() == null) {
			checks.reject("type", "There is no type " + this.type + ": choose one of " + TYPES);
		}
		checks.required("title", this.title, "Enter a title")
			.maxLength("title", this.title, TITLE_MAX, "Enter a title of 200 characters or fewer")
			.maxLength("workstream", this.workstream, 100, "Enter a workstream of 100 characters or fewer")
			.maxLength("description", this.description, DESCRIPTION_MAX,
					"Enter a description of 5,000 characters or fewer");
		if (this.date != null && !this.date.isBlank()) {
			try {
				PartialDate.parse(this.date);
			}
			catch (IllegalArgumentException ex) {
				checks.reject("date", "Enter a real date: " + ex.getMessage());
			}
		}
		if (this.reportingYear != null && !this.reportingYear.isBlank()) {
			try {
				ReportingYear.parse(this.reportingYear, startMonth);
			}
			catch (IllegalArgumentException ex) {
				checks.reject("reportingYear", "Enter the reporting year correctly: " + ex.getMessage());
			}
		}
		if (this.links.size() > 20) {
			checks.reject("links", "Enter 20 links or fewer");
		}
		for (int i = 0; i < this.links.size(); i++) {
			String link = this.links.get(i);
			if (link == null || link.isBlank()) {
				checks.reject("links[" + i + "]", "Enter the link or remove the empty entry");
			}
			else {
				checks.maxLength("links[" + i + "]", link, 2000, "Enter a link of 2,000 characters or fewer")
					.webAddress("links[" + i + "]", link,
							"Enter the link as a web address starting with http:// or https://");
			}
		}
		for (int i = 0; i < this.partners.size(); i++) {
			String partner = this.partners.get(i);
			if (partner == null || partner.isBlank()) {
				checks.reject("partners[" + i + "]", "Enter the partner organisation or remove the empty entry");
			}
			else {
				checks.maxLength("partners[" + i + "]", partner, 200,
						"Enter a partner organisation of 200 characters or fewer");
			}
		}
		return checks;
	}

	/** The type, or {@code null} when it is not one of {@link MilestoneType}. */
	MilestoneType milestoneType() {
		try {
			return this.type == null ? null : MilestoneType.valueOf(this.type.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Blank optional text stored as absent, and dates in their canonical form. */
	String normalisedDate() {
		return blankToNull(this.date) == null ? null : PartialDate.parse(this.date).toString();
	}

	static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}

}
