package org.keycities.activity.events;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date known to the year ({@code 2017}), the month ({@code 2017-04}) or the day
 * ({@code 2017-02-08}). Milestones are often remembered no more precisely than that.
 */
public record PartialDate(int year, Integer month, Integer day) implements Comparable<PartialDate> {

	private static final Pattern FORM = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");

	private static final Comparator<PartialDate> ORDER = Comparator.comparingInt(PartialDate::year)
		.thenComparingInt((PartialDate d) -> d.month == null ? 0 : d.month)
		.thenComparingInt((PartialDate d) -> d.day == null ? 0 : d.day);

	public enum Precision {

		YEAR, MONTH, DAY

	}

	public PartialDate {
		if (day != null && month == null) {
			throw new IllegalArgumentException("a day needs a month");
		}
		if (year < 1000 || year > 9999) {
			throw new IllegalArgumentException("the year must have four digits");
		}
		if (month != null && (month < 1 || month > 12)) {
			throw new IllegalArgumentException("there is no month " + month);
		}
		if (day != null) {
			try {
				LocalDate.of(year, month, day);
			}
			catch (DateTimeException ex) {
				throw new IllegalArgumentException("there is no "
						+ Month.of(month).getDisplayName(TextStyle.FULL, Locale.UK) + " " + day + " in " + year);
			}
		}
	}

	/**
	 * Reads {@code 2017}, {@code 2017-04} or {@code 2017-02-08}.
	 * @throws IllegalArgumentException with a reason fit to show an officer
	 */
	public static PartialDate parse(String text) {
		Matcher m = FORM.matcher(text == null ? "" : text.trim());
		if (!m.matches()) {
			throw new IllegalArgumentException("use a year (2017), a month (2017-04) or a day (2017-02-08)");
		}
		return new PartialDate(Integer.parseInt(m.group(1)), m.group(2) == null ? null : Integer.parseInt(m.group(2)),
				m.group(3) == null ? null : Integer.parseInt(m.group(3)));
	}

	public Precision precision() {
		return day != null ? Precision.DAY : (month != null ? Precision.MONTH : Precision.YEAR);
	}

	/** The date in the form it was given, e.g. {@code 2017-04}. */
	@Override
	public String toString() {
		return switch (precision()) {
			case YEAR -> String.valueOf(year);
			case MONTH -> "%d-%02d".formatted(year, month);
			case DAY -> "%d-%02d-%02d".formatted(year, month, day);
		};
	}

	/** The date as people write it: "8 February 2017", "April 2017" or "2017". */
	public String display() {
		return switch (precision()) {
			case YEAR -> String.valueOf(year);
			case MONTH -> monthName() + " " + year;
			case DAY -> day + " " + monthName() + " " + year;
		};
	}

	private String monthName() {
		return Month.of(month).getDisplayName(TextStyle.FULL, Locale.UK);
	}

	@Override
	public int compareTo(PartialDate other) {
		return ORDER.compare(this, other);
	}

}
