package org.keycities.activity.group;

import java.time.Instant;
import java.util.List;

/**
 * A group as the API shows it: the profile's fields plus version and who changed it last.
 */
public record GroupView(String id, long version, String name, String leadMember, String leadOfficer, String email,
		String address, String telephone, String website, List<String> membership, String aim, String keyRolesIntro,
		List<String> keyRoles, int reportingYearStartMonth, List<String> workstreamOrder, String reportTitle,
		String changedBy, Instant changedAt) {

	static GroupView of(Group group) {
		GroupProfile p = group.profile();
		return new GroupView(group.id(), group.version(), p.name(), p.leadMember(), p.leadOfficer(), p.email(),
				p.address(), p.telephone(), p.website(), p.membership(), p.aim(), p.keyRolesIntro(), p.keyRoles(),
				p.startMonth(), p.workstreamOrder(), p.reportTitle(), group.changedBy(), group.changedAt());
	}

}
