package org.keycities.activity.group;

import java.util.List;
import java.util.regex.Pattern;

import org.keycities.activity.web.Checks;

/**
 * The body of {@code POST /api/groups} and {@code PUT /api/groups/{groupId}}: a group's
 * whole profile. Only id, name, lead member and lead officer are required.
 */
public record GroupProfile(String id, String name, String leadMember, String leadOfficer, String email, String address,
		String telephone, String website, List<String> membership, String aim, String keyRolesIntro,
		List<String> keyRoles, Integer reportingYearStartMonth, List<String> workstreamOrder, String reportTitle) {

	static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private static final Pattern TELEPHONE = Pattern.compile("[0-9+() -]{6,30}");

	public GroupProfile {
		membership = membership == null ? List.of() : membership;
		keyRoles = keyRoles == null ? List.of() : keyRoles;
		workstreamOrder = workstreamOrder == null ? List.of() : workstreamOrder;
	}

	int startMonth() {
		return startMonth(this.reportingYearStartMonth);
	}

	/** The first month of a reporting year as stored: January when none was given. */
	static int startMonth(Integer reportingYearStartMonth) {
		return (reportingYearStartMonth == null) ? 1 : reportingYearStartMonth;
	}

	/**
	 * Everything wrong with the profile, for an officer to fix in one go.
	 */
	Checks check() {
		Checks checks = new Checks();
		checks.required("id", this.id, "Enter an id for the group, such as key-cities");
		if (this.id != null && !this.id.isBlank() && (this.id.length() > 64 || !SLUG.matcher(this.id).matches())) {
			checks.reject("id",
					"Enter an id of up to 64 lower-case letters, digits and single hyphens, such as key-cities");
		}
		checks.required("name", this.name, "Enter the name of the group")
			.maxLength("name", this.name, 200, "Enter a name of 200 characters or fewer")
			.required("leadMember", this.leadMember, "Enter the lead member")
			.maxLength("leadMember", this.leadMember, 200, "Enter a lead member of 200 characters or fewer")
			.required("leadOfficer", this.leadOfficer, "Enter the lead officer")
			.maxLength("leadOfficer", this.leadOfficer, 200, "Enter a lead officer of 200 characters or fewer")
			.maxLength("address", this.address, 500, "Enter an address of 500 characters or fewer")
			.webAddress("website", this.website, "Enter the website as a web address starting with http:// or https://")
			.maxLength("aim", this.aim, 5000, "Enter an aim of 5,000 characters or fewer")
			.maxLength("keyRolesIntro", this.keyRolesIntro, 500,
					"Enter a key roles introduction of 500 characters or fewer")
			.maxLength("reportTitle", this.reportTitle, 300, "Enter a report title of 300 characters or fewer");
		if (this.email != null && !this.email.isBlank()
				&& (this.email.length() > 254 || !EMAIL.matcher(this.email.trim()).matches())) {
			checks.reject("email", "Enter an email address in the correct format, like name@example.org");
		}
		if (this.telephone != null && !this.telephone.isBlank()
				&& !TELEPHONE.matcher(this.telephone.trim()).matches()) {
			checks.reject("telephone", "Enter a telephone number using only digits, spaces, +, ( ) and -");
		}
		if (this.reportingYearStartMonth != null
				&& (this.reportingYearStartMonth < 1 || this.reportingYearStartMonth > 12)) {
			checks.reject("reportingYearStartMonth",
					"Enter the month the reporting year starts as a number from 1 (January) to 12 (December)");
		}
		eachText(checks, "membership", this.membership, 200, "council");
		eachText(checks, "keyRoles", this.keyRoles, 1000, "key role");
		eachText(checks, "workstreamOrder", this.workstreamOrder, 100, "workstream");
		return checks;
	}

	private static void eachText(Checks checks, String field, List<String> values, int max, String what) {
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			String at = field + "[" + i + "]";
			if (value == null || value.isBlank()) {
				checks.reject(at, "Enter the " + what + " or remove the empty entry");
			}
			else if (value.length() > max) {
				checks.reject(at, "Enter a " + what + " of " + max + " characters or fewer");
			}
		}
	}

}
