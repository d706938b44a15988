package org.keycities.activity.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A group's reporting year. Groups whose year starts in January label it {@code 2017};
 * others label it by both calendar years it spans, {@code 2017/18}.
 *
 * @param startYear the calendar year in which the reporting year starts
 * @param startMonth the group's first month of the year, 1 to 12
 */
public record ReportingYear(int startYear, int startMonth) implements Comparable<ReportingYear> {

	/**
	 * Milestones recorded without a date fall into the year of the day they were
	 * recorded, in England.
	 */
	public static final ZoneId ZONE = ZoneId.of("Europe/London");

	private static final Pattern LABEL = Pattern.compile("(\\d{4})(?:/(\\d{2}))?");

	public ReportingYear {
		if (startMonth < 1 || startMonth > 12) {
			throw new IllegalArgumentException("the reporting year must start in a month from 1 to 12");
		}
	}

	/**
	 * Reads a label such as {@code 2017} or {@code 2017/18} for a group whose year starts
	 * in {@code startMonth}.
	 * @throws IllegalArgumentException with a reason fit to show an officer
	 */
	public static ReportingYear parse(String label, int startMonth) {
		Matcher m = LABEL.matcher(label == null ? "" : label.trim());
		if (!m.matches()) {
			throw new IllegalArgumentException(
					startMonth == 1 ? "use a year such as 2017" : "use a year such as 2017/18");
		}
		int start = Integer.parseInt(m.group(1));
		if (startMonth == 1 && m.group(2) != null) {
			throw new IllegalArgumentException("this group's year runs from January, so use a year such as " + start);
		}
		if (startMonth != 1) {
			if (m.group(2) == null) {
				throw new IllegalArgumentException("this group's year starts in " + monthName(startMonth)
						+ ", so use a year such as " + new ReportingYear(start, startMonth).label());
			}
			if (Integer.parseInt(m.group(2)) != (start + 1) % 100) {
				throw new IllegalArgumentException(
						"the second year must follow the first, as in " + new ReportingYear(start, startMonth).label());
			}
		}
		return new ReportingYear(start, startMonth);
	}

	/**
	 * The reporting year a milestone belongs to: its explicit year if it has one, else
	 * the year of its date, else the year of the day it was recorded.
	 */
	public static ReportingYear of(String explicitYear, String date, Instant recordedAt, int startMonth) {
		if (explicitYear != null && !explicitYear.isBlank()) {
			// a year given before the group changed its first month keeps the year it
			// starts in
			Matcher m = LABEL.matcher(explicitYear.trim());
			return m.matches() ? new ReportingYear(Integer.parseInt(m.group(1)), startMonth)
					: parse(explicitYear, startMonth);
		}
		if (date != null && !date.isBlank()) {
			return containing(PartialDate.parse(date), startMonth);
		}
		return containing(LocalDate.ofInstant(recordedAt, ZONE), startMonth);
	}

	public static ReportingYear containing(LocalDate day, int startMonth) {
		return new ReportingYear(day.getMonthValue() >= startMonth ? day.getYear() : day.getYear() - 1, startMonth);
	}

	/**
	 * A date known only to the year belongs to the reporting year that starts in that
	 * calendar year.
	 */
	public static ReportingYear containing(PartialDate date, int startMonth) {
		if (date.month() == null) {
			return new ReportingYear(date.year(), startMonth);
		}
		return new ReportingYear(date.month() >= startMonth ? date.year() : date.year() - 1, startMonth);
	}

	public String label() {
		return startMonth == 1 ? String.valueOf(startYear) : "%d/%02d".formatted(startYear, (startYear + 1) % 100);
	}

	public LocalDate firstDay() {
		return LocalDate.of(startYear, startMonth, 1);
	}

	public LocalDate lastDay() {
		return firstDay().plusYears(1).minusDays(1);
	}

	/** The period in words, e.g. "1 April 2017 to 31 March 2018". */
	public String period() {
		return display(firstDay()) + " to " + display(lastDay());
	}

	private static String display(LocalDate day) {
		return day.getDayOfMonth() + " " + monthName(day.getMonthValue()) + " " + day.getYear();
	}

	private static String monthName(int month) {
		return Month.of(month).getDisplayName(TextStyle.FULL, Locale.UK);
	}

	@Override
	public String toString() {
		return label();
	}

	@Override
	public int compareTo(ReportingYear other) {
		return Integer.compare(startYear, other.startYear);
	}

}
