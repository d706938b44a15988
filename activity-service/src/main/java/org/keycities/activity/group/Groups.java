package org.keycities.activity.group;

import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.Query;

public interface Groups extends MongoRepository<Group, String> {

	@Query("{ 'idempotency.key': ?0 }")
	Optional<Group> findByIdempotencyKey(String key);

	/**
	 * The group with nothing read but the first month of its reporting year: all that
	 * recording or searching milestones needs of it.
	 */
	@Query(value = "{ '_id': ?0 }", fields = "{ 'profile.reportingYearStartMonth': 1 }")
	Optional<Group> findReportingYearStartById(String id);

}
