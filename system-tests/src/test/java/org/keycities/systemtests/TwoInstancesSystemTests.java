package org.keycities.systemtests;

/**
 * Scale-out: two instances of each service side by side. The relay and sweep of
 * activity-service, both services' consumers, and the notification sender and digest run
 * in both; still nothing is lost and no email is sent twice.
 */
class TwoInstancesSystemTests extends SystemTestsBase {

	@Override
	int instances() {
		return 2;
	}

}
