package org.keycities.report.report;

/**
 * Where one milestone stands in its group's reports: the reporting year it is filed
 * under, and whether it is in that year's report (a withdrawn milestone is left out).
 *
 * @param milestoneId the milestone's id in activity-service
 * @param version the latest version of the milestone the report has taken in
 * @param year the reporting year's label, as in the list of years
 */
public record MilestonePlace(String milestoneId, String title, long version, String year, String period,
		boolean inReport) {

}
