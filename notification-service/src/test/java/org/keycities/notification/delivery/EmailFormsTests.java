package org.keycities.notification.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Emails filled in from a form rendered once for many recipients are exactly those
 * rendered for each recipient alone, whatever the officer typed.
 */
class EmailFormsTests {

	final EmailComposer forms = new EmailComposer();

	final EmailComposer alone = new EmailComposer(false);

	@Test
	void eachRecipientGetsTheEmailRenderedForThemAlone() {
		Random random = new Random(3);
		for (int i = 0; i < 200; i++) {
			String group = text(random);
			MilestoneView milestone = milestone(random, text(random));
			List<MilestoneView> digest = List.of(milestone, milestone(random, text(random)));
			for (int recipient = 0; recipient < 4; recipient++) {
				// links as the sender makes them, and with characters HTML must escape
				EmailComposer.Links links = new EmailComposer.Links(
						"http://localhost:8083/preferences?token=" + recipient + "&q=" + text(random),
						"https://example.org/unsubscribe?token=" + recipient + text(random));
				boolean update = random.nextBoolean();
				Email email = this.forms.milestone(group, milestone, update, links);
				assertThat(email).isEqualTo(this.alone.milestone(group, milestone, update, links));
				assertThat(email.html() + email.text()).doesNotContain(this.forms.standIns.preferences())
					.doesNotContain(this.forms.standIns.unsubscribe());
				assertThat(this.forms.correction(group, milestone, links))
					.isEqualTo(this.alone.correction(group, milestone, links));
				assertThat(this.forms.digest(group, digest, links)).isEqualTo(this.alone.digest(group, digest, links));
			}
		}
	}

	@Test
	void textThatHoldsAStandInIsPrintedAsTyped() {
		String typed = "See " + this.forms.standIns.unsubscribe();
		MilestoneView milestone = milestone(new Random(1), typed);
		EmailComposer.Links links = new EmailComposer.Links("https://example.org/p?token=a",
				"https://example.org/u?token=a");
		Email email = this.forms.milestone("Key Cities", milestone, false, links);
		assertThat(email).isEqualTo(this.alone.milestone("Key Cities", milestone, false, links));
		assertThat(email.text()).contains(typed).contains("Unsubscribe: https://example.org/u?token=a");
	}

	static MilestoneView milestone(Random random, String description) {
		List<String> links = new ArrayList<>();
		for (int i = random.nextInt(3); i > 0; i--) {
			links.add("https://example.org/?a=" + text(random));
		}
		return new MilestoneView(text(random), maybe(random), maybe(random), maybe(random), description, links,
				maybe(random));
	}

	/** Plain words, markup, quotes, entities, template syntax, line breaks. */
	static String text(Random random) {
		String[] parts = { "plain", "<b>x</b>", "a & b", "\"q\"", "it's", "é ü 中", "\n\n", "[(${x})]", "  ", "\n",
				"https://example.org/x?a=1&b=2", "javascript:alert(1)", "", ">", "%20", "&amp;" };
		StringBuilder text = new StringBuilder();
		for (int n = random.nextInt(4); n > 0; n--) {
			text.append(parts[random.nextInt(parts.length)]);
		}
		return text.toString();
	}

	static String maybe(Random random) {
		return random.nextInt(3) == 0 ? null : text(random);
	}

}
