package org.keycities.report.web;

import org.springframework.http.HttpStatus;

/** A request the service cannot answer, with words a council officer understands. */
class ReportProblem extends RuntimeException {

	private final HttpStatus status;

	private final String title;

	ReportProblem(HttpStatus status, String title, String detail) {
		super(detail);
		this.status = status;
		this.title = title;
	}

	static ReportProblem unknownGroup(String groupId) {
		return new ReportProblem(HttpStatus.NOT_FOUND, "No such group",
				"There is no group '" + groupId + "' yet. Check the group's name in the address.");
	}

	static ReportProblem unknownReport(String groupId, String year) {
		return new ReportProblem(HttpStatus.NOT_FOUND, "No report for this year",
				"Group '" + groupId + "' has no report for " + year
						+ ". Use a year that has milestones, written as 2017 or, for years that start"
						+ " after January, 2017-18.");
	}

	static ReportProblem unknownMilestone(String groupId, String milestoneId) {
		return new ReportProblem(HttpStatus.NOT_FOUND, "Milestone not in the reports yet",
				"Group '" + groupId + "' has no milestone '" + milestoneId + "' in its reports yet. A milestone"
						+ " reaches the reports a moment after it is recorded; check its id if it does not.");
	}

	static ReportProblem unknownFormat(String format) {
		return new ReportProblem(HttpStatus.NOT_ACCEPTABLE, "Unknown format",
				"Reports come as json, html, md, pdf or docx, not '" + format + "'.");
	}

	HttpStatus status() {
		return this.status;
	}

	String title() {
		return this.title;
	}

}
