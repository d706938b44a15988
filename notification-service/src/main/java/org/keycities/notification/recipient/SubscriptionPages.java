package org.keycities.notification.recipient;

import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.keycities.activity.events.MilestoneType;
import org.keycities.notification.ingest.KnownGroups;
import org.keycities.notification.ingest.KnownMilestones;
import org.keycities.notification.security.RecipientTokens;
import org.keycities.notification.security.RecipientTokens.Purpose;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The pages a recipient reaches from the links in every email, without logging in: the
 * signed token in the link says who they are. {@code POST /unsubscribe} is also the RFC
 * 8058 one-click target ({@code List-Unsubscribe=One-Click} in the body), so it needs no
 * session and no CSRF token. A tampered or expired link changes nothing.
 */
@Controller
class SubscriptionPages {

	private final Recipients recipients;

	private final RecipientTokens tokens;

	private final KnownGroups groups;

	private final KnownMilestones milestones;

	private final Clock clock;

	SubscriptionPages(Recipients recipients, RecipientTokens tokens, KnownGroups groups, KnownMilestones milestones,
			Clock clock) {
		this.recipients = recipients;
		this.tokens = tokens;
		this.groups = groups;
		this.milestones = milestones;
		this.clock = clock;
	}

	@GetMapping("/unsubscribe")
	ModelAndView confirmUnsubscribe(@RequestParam(required = false) String token) {
		return recipient(token, Purpose.UNSUBSCRIBE).map((recipient) -> page("unsubscribe", recipient, token))
			.orElseGet(SubscriptionPages::invalidLink);
	}

	@PostMapping("/unsubscribe")
	ModelAndView unsubscribe(@RequestParam(required = false) String token) {
		return recipient(token, Purpose.UNSUBSCRIBE).map((recipient) -> {
			recipient.unsubscribe(this.clock.instant());
			this.recipients.save(recipient);
			ModelAndView page = page("unsubscribed", recipient, token);
			page.addObject("preferencesToken", this.tokens.issue(recipient.getId(), Purpose.PREFERENCES));
			return page;
		}).orElseGet(SubscriptionPages::invalidLink);
	}

	@GetMapping("/preferences")
	ModelAndView preferences(@RequestParam(required = false) String token) {
		return recipient(token, Purpose.PREFERENCES).map((recipient) -> preferencesPage(recipient, token, false))
			.orElseGet(SubscriptionPages::invalidLink);
	}

	@PostMapping("/preferences")
	ModelAndView savePreferences(@RequestParam(required = false) String token,
			@RequestParam(required = false) List<String> types,
			@RequestParam(required = false) List<String> workstreams, @RequestParam(required = false) String frequency,
			@RequestParam(required = false) String subscribed) {
		return recipient(token, Purpose.PREFERENCES).map((recipient) -> {
			recipient.choose(types(types), workstreams == null ? Set.of() : new TreeSet<>(workstreams),
					Arrays.stream(Frequency.values())
						.filter((f) -> f.name().equals(frequency))
						.findFirst()
						.orElse(recipient.getFrequency()));
			if (subscribed != null) {
				recipient.resubscribe();
			}
			else {
				recipient.unsubscribe(this.clock.instant());
			}
			return preferencesPage(this.recipients.save(recipient), token, true);
		}).orElseGet(SubscriptionPages::invalidLink);
	}

	private ModelAndView preferencesPage(Recipient recipient, String token, boolean saved) {
		ModelAndView page = page("preferences", recipient, token);
		Set<String> workstreams = new TreeSet<>(recipient.getWorkstreams());
		this.milestones.findByGroupId(recipient.getGroupId())
			.stream()
			.map((m) -> m.snapshot().workstream())
			.filter(Objects::nonNull)
			.forEach(workstreams::add);
		page.addObject("allTypes", MilestoneType.values());
		page.addObject("allWorkstreams", workstreams);
		page.addObject("saved", saved);
		return page;
	}

	private ModelAndView page(String view, Recipient recipient, String token) {
		ModelAndView page = new ModelAndView(view);
		page.addObject("recipient", recipient);
		page.addObject("groupName", this.groups.nameOf(recipient.getGroupId()));
		page.addObject("token", token);
		return page;
	}

	private Optional<Recipient> recipient(String token, Purpose purpose) {
		return this.tokens.recipientOf(token, purpose).flatMap(this.recipients::findById);
	}

	private static Set<MilestoneType> types(List<String> names) {
		Set<MilestoneType> types = EnumSet.noneOf(MilestoneType.class);
		if (names != null) {
			Arrays.stream(MilestoneType.values()).filter((t) -> names.contains(t.name())).forEach(types::add);
		}
		return types;
	}

	private static ModelAndView invalidLink() {
		ModelAndView page = new ModelAndView("link-invalid");
		page.setStatus(HttpStatus.BAD_REQUEST);
		return page;
	}

}
