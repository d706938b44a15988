package org.keycities.activity.group;

/**
 * A group now starts its reporting year in another month, so the reporting year of each
 * of its milestones may have changed.
 */
public record ReportingYearStartChanged(String groupId, int startMonth) {

}
