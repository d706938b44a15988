package org.keycities.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What the delivery tests set up: many recipients, and a long history of sent emails. */
final class DeliveryFixtures {

	private DeliveryFixtures() {
	}

	/**
	 * Imports this many recipients into the group by CSV, with addresses
	 * {@code <prefix>-<n>-<run>@council.gov.uk}; returns the import's JSON answer.
	 */
	static String importRecipients(MockMvc mvc, String group, String prefix, int count) throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		StringBuilder csv = new StringBuilder("council,name,email\n");
		IntStream.range(0, count)
			.forEach((i) -> csv.append("Test Council,Reader ")
				.append(i)
				.append(',')
				.append(prefix)
				.append('-')
				.append(i)
				.append('-')
				.append(run)
				.append("@council.gov.uk\n"));
		return mvc
			.perform(post("/api/groups/" + group + "/recipients/import").with(httpBasic("officer", "officer"))
				.contentType("text/csv")
				.content(csv.toString()))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	/**
	 * Stores deliveries sent long ago, each with an HTML body of the given number of
	 * paragraphs, as the log keeps them (and with their last lease token, as the service
	 * kept it before claims were indexed).
	 */
	static void storeSentHistory(MongoTemplate mongo, String group, int count, int paragraphs) {
		String html = "<html><body>"
				+ "<p>A milestone of some length, as an email would have it.</p>".repeat(paragraphs) + "</body></html>";
		Date longAgo = Date.from(Instant.now().minus(Duration.ofDays(30)));
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String recipientId = "old-reader-" + i;
			Delivery delivery = new Delivery(UUID.randomUUID().toString(),
					DeliveryRequest.key(DeliveryKind.IMMEDIATE, "old-milestone-" + (i / 100), "v1", recipientId), group,
					recipientId, recipientId + "@council.gov.uk", DeliveryKind.IMMEDIATE, "old-milestone-" + (i / 100),
					1L, "old-event", Instant.now(), null, null, Instant.now(), null);
			Document document = new Document();
			mongo.getConverter().write(delivery, document);
			document.put("status", DeliveryStatus.SENT.name());
			document.put("attempts", 1);
			document.put("sentAt", longAgo);
			document.put("nextAttemptAt", longAgo);
			document.put("leaseToken", UUID.randomUUID().toString());
			document.put("subject", "An old milestone");
			document.put("html", html);
			document.put("text", "An old milestone");
			documents.add(document);
		}
		mongo.getCollection("deliveries").insertMany(documents);
	}

}
