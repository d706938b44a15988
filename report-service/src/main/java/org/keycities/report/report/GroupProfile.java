package org.keycities.report.report;

import java.time.Instant;
import java.util.List;

import org.keycities.activity.events.GroupChanged;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The latest known profile of a group, one document per group, with the version of the
 * event it came from.
 */
@Document("groups")
public record GroupProfile(@Id String id, long version, String name, String leadMember, String leadOfficer,
		String email, String address, String telephone, String website, List<String> membership, String aim,
		String keyRolesIntro, List<String> keyRoles, int reportingYearStartMonth, List<String> workstreamOrder,
		String reportTitle, Instant changedAt) {

	public GroupProfile {
		membership = membership == null ? List.of() : List.copyOf(membership);
		keyRoles = keyRoles == null ? List.of() : List.copyOf(keyRoles);
		workstreamOrder = workstreamOrder == null ? List.of() : List.copyOf(workstreamOrder);
		reportingYearStartMonth = reportingYearStartMonth == 0 ? 1 : reportingYearStartMonth;
	}

	public static GroupProfile of(GroupChanged event) {
		return new GroupProfile(event.groupId(), event.version(), event.name(), event.leadMember(), event.leadOfficer(),
				event.email(), event.address(), event.telephone(), event.website(), event.membership(), event.aim(),
				event.keyRolesIntro(), event.keyRoles(), event.reportingYearStartMonth(), event.workstreamOrder(),
				event.reportTitle(), event.changedAt());
	}

	/** The report's title: the group's own, else the LGA's usual wording. */
	String title() {
		return (this.reportTitle != null && !this.reportTitle.isBlank()) ? this.reportTitle
				: this.name + " Special Interest Group Annual Report to LGA Leadership Board";
	}

}
