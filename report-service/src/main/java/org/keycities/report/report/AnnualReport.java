package org.keycities.report.report;

import java.time.Instant;
import java.util.List;

/**
 * A group's report to the LGA Board for one reporting year, in the order it is printed.
 *
 * @param year the label, {@code 2017} or {@code 2017/18}
 * @param period the year in words, e.g. "1 January 2017 to 31 December 2017"
 * @param sections milestones without a workstream first (workstream {@code null}), then
 * one section per workstream
 */
public record AnnualReport(Group group, String year, String period, List<Section> sections, AsOf asOf) {

	/** The year label as it can stand in a file name: {@code 2017} or {@code 2017-18}. */
	public String fileYear() {
		return this.year.replace('/', '-');
	}

	/** The header block of the report; optional fields are {@code null} when absent. */
	public record Group(String id, String title, String name, String leadMember, String leadOfficer, String email,
			String address, String telephone, String website, List<String> membership, String aim, String keyRolesIntro,
			List<String> keyRoles) {

	}

	/**
	 * @param workstream {@code null} for the milestones that belong to none
	 */
	public record Section(String workstream, List<Milestone> milestones) {

	}

	/**
	 * @param date {@code 2017}, {@code 2017-04} or {@code 2017-02-08}, or {@code null}
	 */
	public record Milestone(String id, String type, String title, String date, String description, List<String> links,
			List<String> partners) {

		/** What the report prints for it: the description, else the title. */
		public String text() {
			return (this.description != null && !this.description.isBlank()) ? this.description : this.title;
		}

	}

	/**
	 * @param eventsApplied events of the group taken into account, each {@code ce_id}
	 * once, including those superseded by a newer version
	 * @param lastEventAt when the latest of them happened at the source
	 */
	public record AsOf(long eventsApplied, Instant lastEventAt) {

	}

}
