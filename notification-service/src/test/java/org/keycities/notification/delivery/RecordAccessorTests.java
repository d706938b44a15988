package org.keycities.notification.delivery;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The templates read a record's components through it, and nothing else. */
class RecordAccessorTests {

	final RecordAccessor accessor = new RecordAccessor();

	final StandardEvaluationContext context = new StandardEvaluationContext();

	RecordAccessorTests() {
		this.context.addPropertyAccessor(this.accessor);
	}

	@Test
	void readsEachRecordsComponentsByName() throws Exception {
		MilestoneView first = view("Launch of the Key Cities report");
		MilestoneView second = view("Response to the consultation");
		Expression title = new SpelExpressionParser().parseExpression("title");
		assertThat(title.getValue(this.context, first)).isEqualTo(first.title());
		// the same expression, another record: read again, not remembered
		assertThat(title.getValue(this.context, second)).isEqualTo(second.title());
		assertThat(new SpelExpressionParser().parseExpression("links[0]").getValue(this.context, first))
			.isEqualTo("https://example.org/report");
		assertThat(this.accessor.canRead(this.context, new EmailComposer.Links("p", "u"), "unsubscribe")).isTrue();
	}

	@Test
	void readsNoOtherPropertyAndWritesNothing() {
		MilestoneView view = view("Launch");
		assertThat(this.accessor.canRead(this.context, view, "hashCode")).isFalse();
		assertThat(this.accessor.canRead(this.context, "a string", "title")).isFalse();
		assertThat(this.accessor.canWrite(this.context, view, "title")).isFalse();
		assertThatExceptionOfType(SpelEvaluationException.class)
			.isThrownBy(() -> new SpelExpressionParser().parseExpression("title = 'x'").getValue(this.context, view));
	}

	private static MilestoneView view(String title) {
		return new MilestoneView(title, "Launch", "8 February 2017", "Housing", null,
				List.of("https://example.org/report"), null);
	}

}
