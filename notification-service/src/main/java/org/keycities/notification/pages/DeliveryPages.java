package org.keycities.notification.pages;

import java.util.Arrays;

import org.keycities.notification.delivery.Delivery;
import org.keycities.notification.delivery.DeliveryLog;
import org.keycities.notification.delivery.DeliveryStatus;
import org.keycities.notification.ingest.KnownGroups;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The delivery log as pages: what was sent to whom, filtered like the API, and each
 * delivery with its attempts and the message exactly as sent.
 */
@Controller
class DeliveryPages {

	private static final int LIMIT = 500;

	private final DeliveryLog deliveries;

	private final KnownGroups groups;

	DeliveryPages(DeliveryLog deliveries, KnownGroups groups) {
		this.deliveries = deliveries;
		this.groups = groups;
	}

	@GetMapping("/groups/{groupId}/deliveries")
	String list(@PathVariable String groupId, @RequestParam(required = false) String status,
			@RequestParam(required = false) String recipient, @RequestParam(required = false) String eventId,
			Model model) {
		DeliveryStatus chosen = Arrays.stream(DeliveryStatus.values())
			.filter((s) -> s.name().equals(status))
			.findFirst()
			.orElse(null);
		model.addAttribute("groupId", groupId);
		model.addAttribute("groupName", this.groups.nameOf(groupId));
		model.addAttribute("statuses", DeliveryStatus.values());
		model.addAttribute("status", chosen);
		model.addAttribute("recipient", recipient);
		model.addAttribute("eventId", eventId);
		model.addAttribute("limit", LIMIT);
		model.addAttribute("deliveries", this.deliveries.search(groupId, chosen, recipient, eventId, LIMIT));
		return "pages/deliveries";
	}

	@GetMapping("/groups/{groupId}/deliveries/{id}")
	ModelAndView one(@PathVariable String groupId, @PathVariable String id) {
		ModelAndView page = new ModelAndView("pages/delivery");
		page.addObject("groupId", groupId);
		page.addObject("groupName", this.groups.nameOf(groupId));
		Delivery delivery = this.deliveries.find(id).filter((d) -> groupId.equals(d.getGroupId())).orElse(null);
		if (delivery == null) {
			page.setViewName("pages/not-found");
			page.setStatus(HttpStatus.NOT_FOUND);
			return page;
		}
		page.addObject("delivery", delivery);
		return page;
	}

}
