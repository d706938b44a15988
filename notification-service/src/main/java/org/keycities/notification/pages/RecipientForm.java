package org.keycities.notification.pages;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycities.activity.events.MilestoneType;
import org.keycities.notification.recipient.Frequency;
import org.keycities.notification.recipient.Recipient;
import org.keycities.notification.recipient.RecipientRequest;

/**
 * The add and change recipient form as posted. Workstreams are typed separated by commas;
 * no types ticked and no workstreams mean everything.
 */
public class RecipientForm {

	private String council;

	private String name;

	private String email;

	private Frequency frequency = Frequency.IMMEDIATE;

	private List<MilestoneType> types = List.of();

	private String workstreams;

	static RecipientForm of(Recipient recipient) {
		RecipientForm form = new RecipientForm();
		form.council = recipient.getCouncil();
		form.name = recipient.getName();
		form.email = recipient.getEmail();
		form.frequency = recipient.getFrequency();
		form.types = List.copyOf(recipient.getTypes());
		form.workstreams = String.join(", ", recipient.getWorkstreams());
		return form;
	}

	RecipientRequest request() {
		Set<MilestoneType> chosen = this.types.isEmpty() ? Set.of() : EnumSet.copyOf(this.types);
		Set<String> streams = (this.workstreams == null) ? Set.of()
				: Arrays.stream(this.workstreams.split(","))
					.map(String::strip)
					.filter((w) -> !w.isEmpty())
					.collect(Collectors.toSet());
		return new RecipientRequest(this.council, this.name, this.email, chosen, streams, this.frequency);
	}

	public String getCouncil() {
		return this.council;
	}

	public void setCouncil(String council) {
		this.council = council;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

	public Frequency getFrequency() {
		return this.frequency;
	}

	public void setFrequency(Frequency frequency) {
		this.frequency = frequency;
	}

	public List<MilestoneType> getTypes() {
		return this.types;
	}

	public void setTypes(List<MilestoneType> types) {
		this.types = (types == null) ? List.of() : types;
	}

	public String getWorkstreams() {
		return this.workstreams;
	}

	public void setWorkstreams(String workstreams) {
		this.workstreams = workstreams;
	}

}
