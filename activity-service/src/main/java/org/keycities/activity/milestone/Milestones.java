package org.keycities.activity.milestone;

import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.Query;

public interface Milestones extends MongoRepository<Milestone, String> {

	@Query("{ 'idempotency.key': ?0 }")
	Optional<Milestone> findByIdempotencyKey(String key);

}
