package org.keycities.notification.ingest;

import java.util.List;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface KnownMilestones extends MongoRepository<KnownMilestone, String> {

	List<KnownMilestone> findByGroupId(String groupId);

}
