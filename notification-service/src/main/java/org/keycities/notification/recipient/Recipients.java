package org.keycities.notification.recipient;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface Recipients extends MongoRepository<Recipient, String> {

	List<Recipient> findByGroupIdOrderByCouncilAscNameAsc(String groupId);

	List<Recipient> findByFrequencyAndSubscribedTrue(Frequency frequency);

	/**
	 * The recipient, if it is in this group: read by {@code _id} alone, as
	 * mongo-java-server reads every recipient for a query on {@code _id} and
	 * {@code groupId}.
	 */
	default Optional<Recipient> findInGroup(String id, String groupId) {
		return findById(id).filter((recipient) -> groupId.equals(recipient.getGroupId()));
	}

	/**
	 * Whether the group has this address (in lower case): a find on exactly the fields of
	 * the unique index {@code group_email}, which reads one recipient, where
	 * {@code exists} counts, which mongo-java-server does by reading them all.
	 */
	default boolean hasAddress(String groupId, String emailKey) {
		return findByGroupIdAndEmailKey(groupId, emailKey).isPresent();
	}

	Optional<Recipient> findByGroupIdAndEmailKey(String groupId, String emailKey);

}
