package org.keycities.notification.ingest;

import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface KnownGroups extends MongoRepository<KnownGroup, String> {

	/** The group's name, or its id while no group event has arrived. */
	default String nameOf(String groupId) {
		return findNameOf(groupId).orElse(groupId);
	}

	/** The group's name; empty while no group event has arrived. */
	default Optional<String> findNameOf(String groupId) {
		return findById(groupId).map(KnownGroup::name);
	}

}
