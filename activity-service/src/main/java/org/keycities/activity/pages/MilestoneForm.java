package org.keycities.activity.pages;

import org.keycities.activity.milestone.MilestoneRequest;
import org.keycities.activity.milestone.MilestoneView;

/**
 * The record and amend forms as posted: links and partners come one per line.
 *
 * @param version the version the officer read, so that no one else's change is
 * overwritten (only when amending)
 */
public record MilestoneForm(String type, String title, String workstream, String date, String reportingYear,
		String description, String links, String partners, Long version) {

	static MilestoneForm empty() {
		return new MilestoneForm(null, null, null, null, null, null, null, null, null);
	}

	static MilestoneForm of(MilestoneView milestone) {
		return new MilestoneForm(milestone.type().name(), milestone.title(), milestone.workstream(), milestone.date(),
				milestone.reportingYear(), milestone.description(), Lines.join(milestone.links()),
				Lines.join(milestone.partners()), milestone.version());
	}

	MilestoneRequest toRequest() {
		return new MilestoneRequest(this.type, this.title, this.workstream, this.date, this.reportingYear,
				this.description, Lines.split(this.links), Lines.split(this.partners));
	}

}
