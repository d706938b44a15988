package org.keycities.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

/** How many events were dead-lettered so far, of every type. */
public final class DeadLettered {

	private DeadLettered() {
	}

	public static double count(MeterRegistry meters) {
		return Search.in(meters).name("events.dead.lettered").counters().stream().mapToDouble(Counter::count).sum();
	}

}
