package org.keycities.notification.ingest;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface KnownGroups extends MongoRepository<KnownGroup, String> {

	/** The group's name, or its id while no group event has arrived. */
	default String nameOf(String groupId) {
		return findById(groupId).map(KnownGroup::name).orElse(groupId);
	}

}
