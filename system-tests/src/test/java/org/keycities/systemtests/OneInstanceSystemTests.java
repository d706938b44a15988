package org.keycities.systemtests;

/** The system as {@code ./start} runs it: one instance of each service. */
class OneInstanceSystemTests extends SystemTestsBase {

	@Override
	int instances() {
		return 1;
	}

}
