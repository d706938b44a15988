package org.keycities.notification.recipient;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface Recipients extends MongoRepository<Recipient, String> {

	List<Recipient> findByGroupIdOrderByCouncilAscNameAsc(String groupId);

	/**
	 * The group's subscribed recipients, read by a prefix of {@code member} on its unique
	 * index alone: only the group's recipients are read, not every group's.
	 */
	default List<Recipient> subscribedIn(String groupId) {
		return findByMemberRegex("^" + Pattern.quote(Recipient.member(groupId, ""))).stream()
			.filter((recipient) -> recipient.isSubscribed() && groupId.equals(recipient.getGroupId()))
			.toList();
	}

	List<Recipient> findByMemberRegex(String pattern);

	List<Recipient> findByFrequencyAndSubscribedTrue(Frequency frequency);

	Optional<Recipient> findByIdAndGroupId(String id, String groupId);

	boolean existsByGroupIdAndEmailKey(String groupId, String emailKey);

}
