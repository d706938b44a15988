package org.keycities.activity.events;

/** What kind of milestone an officer recorded. */
public enum MilestoneType {

	LAUNCH("Launch"), SUBMISSION("Submission"), SPONSORSHIP("Sponsorship"),
	CONSULTATION_RESPONSE("Consultation response"), PUBLICATION("Publication"), EVENT("Event"), MEETING("Meeting"),
	JOINT_WORKING("Joint working"), LOBBYING("Lobbying"), OTHER("Other");

	private final String label;

	MilestoneType(String label) {
		this.label = label;
	}

	/** The name shown to people, e.g. "Consultation response". */
	public String label() {
		return label;
	}

}
