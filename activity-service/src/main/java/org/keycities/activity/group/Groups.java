package org.keycities.activity.group;

import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.Query;

public interface Groups extends MongoRepository<Group, String> {

	@Query("{ 'idempotency.key': ?0 }")
	Optional<Group> findByIdempotencyKey(String key);

}
