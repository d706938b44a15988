package org.keycities.activity.events;

import java.time.Instant;
import java.util.List;

/** A group's profile was created or replaced; carries the whole profile. */
public record GroupChanged(String groupId, long version, String name, String leadMember, String leadOfficer,
		String email, String address, String telephone, String website, List<String> membership, String aim,
		String keyRolesIntro, List<String> keyRoles, int reportingYearStartMonth, List<String> workstreamOrder,
		String reportTitle, String changedBy, Instant changedAt) implements ActivityEvent {

	public GroupChanged {
		membership = membership == null ? List.of() : List.copyOf(membership);
		keyRoles = keyRoles == null ? List.of() : List.copyOf(keyRoles);
		workstreamOrder = workstreamOrder == null ? List.of() : List.copyOf(workstreamOrder);
		reportingYearStartMonth = reportingYearStartMonth == 0 ? 1 : reportingYearStartMonth;
	}

	@Override
	public String eventType() {
		return EventTypes.GROUP_CHANGED;
	}

	@Override
	public String subject() {
		return groupId;
	}

	@Override
	public String groupOf() {
		return groupId;
	}

	@Override
	public long aggregateVersion() {
		return version;
	}

}
