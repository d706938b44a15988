package org.keycities.notification.delivery;

import java.util.List;
import java.util.regex.Pattern;

import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.PartialDate;

/** A milestone as an email shows it. Only http and https links are shown. */
public record MilestoneView(String title, String type, String date, String workstream, String description,
		List<String> links, String withdrawalReason) {

	private static final Pattern WEB_LINK = Pattern.compile("(?i)https?://[^\\s/?#]+\\S*");

	public static MilestoneView of(MilestoneSnapshot m) {
		return new MilestoneView(m.title(), m.type() == null ? null : m.type().label(), display(m.date()),
				blankToNull(m.workstream()), blankToNull(m.description()),
				m.links().stream().filter(MilestoneView::isWebLink).toList(), blankToNull(m.withdrawalReason()));
	}

	private static String display(String date) {
		if (date == null || date.isBlank()) {
			return null;
		}
		try {
			return PartialDate.parse(date).display();
		}
		catch (IllegalArgumentException ex) {
			return date;
		}
	}

	static boolean isWebLink(String link) {
		return link != null && WEB_LINK.matcher(link.strip()).matches();
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

}
