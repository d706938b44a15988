package org.keycities.notification.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycities.activity.events.MilestoneType;
import org.keycities.notification.delivery.DeliveryKind;
import org.keycities.notification.delivery.DeliveryStatus;
import org.keycities.notification.recipient.Frequency;
import org.keycities.notification.recipient.Recipient;

import org.springframework.stereotype.Component;

/**
 * Plain-English words for the codes the service stores, used by the templates as
 * {@code @wording}.
 */
@Component("wording")
public class Wording {

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK);

	public String when(Instant instant) {
		return (instant != null) ? WHEN.format(instant.atZone(LONDON)).replace("AM", "am").replace("PM", "pm") : "";
	}

	public String frequency(Frequency frequency) {
		return (frequency == Frequency.WEEKLY_DIGEST) ? "Weekly digest" : "Each milestone";
	}

	public String interests(Recipient recipient) {
		Set<MilestoneType> types = recipient.getTypes();
		String what = types.isEmpty() ? "All milestone types"
				: types.stream().map(MilestoneType::label).collect(Collectors.joining(", "));
		String where = recipient.getWorkstreams().isEmpty() ? "all workstreams"
				: String.join(", ", recipient.getWorkstreams());
		return what + " in " + where;
	}

	public String status(DeliveryStatus status) {
		return switch (status) {
			case PENDING -> "Waiting to send";
			case SENDING -> "Sending";
			case SENT -> "Sent";
			case RETRYING -> "Will try again";
			case FAILED -> "Failed";
			case CANCELLED -> "Cancelled";
		};
	}

	public String statusTag(DeliveryStatus status) {
		return switch (status) {
			case SENT -> "govuk-tag govuk-tag--green";
			case FAILED -> "govuk-tag govuk-tag--red";
			case RETRYING -> "govuk-tag govuk-tag--orange";
			case PENDING, SENDING -> "govuk-tag govuk-tag--blue";
			case CANCELLED -> "govuk-tag govuk-tag--grey";
		};
	}

	public String kind(DeliveryKind kind) {
		return switch (kind) {
			case IMMEDIATE -> "New milestone";
			case UPDATE -> "Milestone updated";
			case CORRECTION -> "Milestone withdrawn";
			case DIGEST -> "Weekly digest";
		};
	}

}
