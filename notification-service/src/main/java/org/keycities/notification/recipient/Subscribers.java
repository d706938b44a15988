package org.keycities.notification.recipient;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a group's subscribed recipients for every milestone recorded: with the driver and
 * only the fields the consumer needs, as Spring Data's derived query and mapping of whole
 * recipients took a fifth of the consumer's time per event (docs/performance.md).
 */
@Component
public class Subscribers {

	private static final Document FIELDS = new Document("groupId", 1).append("email", 1)
		.append("frequency", 1)
		.append("types", 1)
		.append("workstreams", 1)
		.append("subscribed", 1);

	private final MongoTemplate mongo;

	Subscribers(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * The group's subscribed recipients, read by a prefix of {@code member} on its unique
	 * index alone: only the group's recipients are read, not every group's.
	 */
	public List<Subscriber> in(String groupId) {
		Document byMember = new Document("member", Pattern.compile("^" + Pattern.quote(Recipient.member(groupId, ""))));
		List<Subscriber> subscribers = new ArrayList<>();
		this.mongo.execute(Recipient.COLLECTION, (collection) -> collection.find(byMember).projection(FIELDS))
			.forEach((found) -> {
				if (!Boolean.FALSE.equals(found.getBoolean("subscribed"))
						&& groupId.equals(found.getString("groupId"))) {
					subscribers.add(subscriber(found));
				}
			});
		return subscribers;
	}

	private static Subscriber subscriber(Document found) {
		String frequency = found.getString("frequency");
		return new Subscriber(found.get("_id").toString(), found.getString("email"),
				(frequency != null) ? Frequency.valueOf(frequency) : Frequency.IMMEDIATE, names(found, "types"),
				names(found, "workstreams"));
	}

	private static Set<String> names(Document found, String field) {
		return new LinkedHashSet<>(found.getList(field, String.class, List.of()));
	}

}
