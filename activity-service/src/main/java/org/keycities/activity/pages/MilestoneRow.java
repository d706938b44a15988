package org.keycities.activity.pages;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.PartialDate;
import org.keycities.activity.milestone.MilestoneView;

/** A milestone worded for the pages: dates as people write them, types by their label. */
public record MilestoneRow(MilestoneView milestone) {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK)
		.withZone(ZoneId.of("Europe/London"));

	public String date() {
		return this.milestone.date() == null ? "No date" : PartialDate.parse(this.milestone.date()).display();
	}

	public String type() {
		return this.milestone.type().label();
	}

	public boolean active() {
		return this.milestone.status() == MilestoneStatus.ACTIVE;
	}

	public String status() {
		return active() ? "Active" : "Withdrawn";
	}

	public String recorded() {
		return this.milestone.recordedBy() + ", "
				+ WHEN.format(this.milestone.recordedAt()).replace("AM", "am").replace("PM", "pm");
	}

	public String changed() {
		return this.milestone.changedBy() + ", "
				+ WHEN.format(this.milestone.changedAt()).replace("AM", "am").replace("PM", "pm");
	}

}
