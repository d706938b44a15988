package org.keycities.activity.pages;

import org.keycities.activity.group.GroupProfile;
import org.keycities.activity.group.GroupView;

/**
 * The group profile form as posted: membership, key roles and workstream order come one
 * per line.
 *
 * @param version the version the officer read (only when editing)
 */
public record GroupForm(String id, String name, String leadMember, String leadOfficer, String email, String address,
		String telephone, String website, String membership, String aim, String keyRolesIntro, String keyRoles,
		Integer reportingYearStartMonth, String workstreamOrder, String reportTitle, Long version) {

	static GroupForm empty() {
		return new GroupForm(null, null, null, null, null, null, null, null, null, null, null, null, 1, null, null,
				null);
	}

	static GroupForm of(GroupView group) {
		return new GroupForm(group.id(), group.name(), group.leadMember(), group.leadOfficer(), group.email(),
				group.address(), group.telephone(), group.website(), Lines.join(group.membership()), group.aim(),
				group.keyRolesIntro(), Lines.join(group.keyRoles()), group.reportingYearStartMonth(),
				Lines.join(group.workstreamOrder()), group.reportTitle(), group.version());
	}

	GroupProfile toProfile() {
		return new GroupProfile(blankToNull(this.id), blankToNull(this.name), blankToNull(this.leadMember),
				blankToNull(this.leadOfficer), blankToNull(this.email), blankToNull(this.address),
				blankToNull(this.telephone), blankToNull(this.website), Lines.split(this.membership),
				blankToNull(this.aim), blankToNull(this.keyRolesIntro), Lines.split(this.keyRoles),
				this.reportingYearStartMonth, Lines.split(this.workstreamOrder), blankToNull(this.reportTitle));
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}

}
