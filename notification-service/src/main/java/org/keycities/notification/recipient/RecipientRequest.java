package org.keycities.notification.recipient;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.keycities.activity.events.MilestoneType;
import org.keycities.notification.web.FieldProblem;

/**
 * What an officer sends to add or change a recipient. Empty {@code types} or
 * {@code workstreams} mean everything; {@code frequency} defaults to IMMEDIATE.
 */
public record RecipientRequest(String council, String name, String email, Set<MilestoneType> types,
		Set<String> workstreams, Frequency frequency) {

	private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}");

	public RecipientRequest {
		council = trim(council);
		name = trim(name);
		email = trim(email);
		types = types == null ? Set.of() : Set.copyOf(types);
		workstreams = workstreams == null ? Set.of()
				: Set.copyOf(workstreams.stream().map(String::trim).filter((w) -> !w.isEmpty()).toList());
		frequency = frequency == null ? Frequency.IMMEDIATE : frequency;
	}

	/** Everything wrong with the request; empty when nothing is. */
	List<FieldProblem> problems() {
		List<FieldProblem> problems = new ArrayList<>();
		if (this.council == null || this.council.isEmpty()) {
			problems.add(FieldProblem.of("council", "Enter the council"));
		}
		else if (this.council.length() > 200) {
			problems.add(FieldProblem.of("council", "Enter a council of 200 characters or fewer"));
		}
		if (this.name != null && this.name.length() > 200) {
			problems.add(FieldProblem.of("name", "Enter a name of 200 characters or fewer"));
		}
		if (this.email == null || this.email.isEmpty()) {
			problems.add(FieldProblem.of("email", "Enter an email address"));
		}
		else if (!isAddress(this.email)) {
			problems.add(
					FieldProblem.of("email", "Enter an email address in the correct format, like name@example.gov.uk"));
		}
		if (this.workstreams.stream().anyMatch((w) -> w.length() > 200)) {
			problems.add(FieldProblem.of("workstreams", "Enter workstreams of 200 characters or fewer"));
		}
		return problems;
	}

	static boolean isAddress(String email) {
		if (email.length() > 254 || !ADDRESS.matcher(email).matches()) {
			return false;
		}
		try {
			new InternetAddress(email, true).validate();
			return true;
		}
		catch (AddressException ex) {
			return false;
		}
	}

	private static String trim(String value) {
		return value == null ? null : value.strip();
	}

}
