package org.keycities.notification.recipient;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface Recipients extends MongoRepository<Recipient, String> {

	List<Recipient> findByGroupIdOrderByCouncilAscNameAsc(String groupId);

	List<Recipient> findByGroupIdAndSubscribedTrue(String groupId);

	List<Recipient> findByFrequencyAndSubscribedTrue(Frequency frequency);

	Optional<Recipient> findByIdAndGroupId(String id, String groupId);

	boolean existsByGroupIdAndEmailKey(String groupId, String emailKey);

}
