package org.keycities.report.report;

/** A reporting year for which a group has milestones, and how many. */
public record ReportYear(String year, String period, long milestones) {

}
