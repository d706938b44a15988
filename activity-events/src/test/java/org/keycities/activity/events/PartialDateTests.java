package org.keycities.activity.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PartialDateTests {

	@ParameterizedTest
	@CsvSource({ "2017,YEAR,2017", "2017-04,MONTH,April 2017", "2017-02-08,DAY,8 February 2017",
			"2016-02-29,DAY,29 February 2016" })
	void readsEachPrecisionAndWritesItBackAsGiven(String text, PartialDate.Precision precision, String display) {
		PartialDate date = PartialDate.parse(text);

		assertThat(date.precision()).isEqualTo(precision);
		assertThat(date.toString()).isEqualTo(text);
		assertThat(date.display()).isEqualTo(display);
	}

	@ParameterizedTest
	@ValueSource(strings = { "2017-02-30", "2017-13", "2017-00", "2017-4", "17", "8 Feb 2017", "", "2017-02-08T10:00",
			"2017-02-29" })
	void rejectsDatesThatDoNotExistOrAreNotInAnAcceptedForm(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> PartialDate.parse(text));
	}

	@Test
	void impossibleDayIsExplainedInWords() {
		assertThatIllegalArgumentException().isThrownBy(() -> PartialDate.parse("2017-02-30"))
			.withMessage("there is no February 30 in 2017");
	}

	@Test
	void sortsLessPreciseDatesFirstWithinTheirSpan() {
		assertThat(PartialDate.parse("2017")).isLessThan(PartialDate.parse("2017-01"));
		assertThat(PartialDate.parse("2017-04")).isLessThan(PartialDate.parse("2017-04-01"));
		assertThat(PartialDate.parse("2017-03-06")).isLessThan(PartialDate.parse("2017-04"));
	}

}
