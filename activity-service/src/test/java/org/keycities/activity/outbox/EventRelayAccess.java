package org.keycities.activity.outbox;

import java.util.List;

import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * Lets persistence tests of other packages drive the relay and read the pending-events
 * gauge directly, as the after-write hook and the sweep do.
 */
@Component
@Import({ EventRelay.class, EventTrace.class, PendingEventsGauge.class })
public class EventRelayAccess {

	private final EventRelay relay;

	private final PendingEventsGauge gauge;

	EventRelayAccess(EventRelay relay, PendingEventsGauge gauge) {
		this.relay = relay;
		this.gauge = gauge;
	}

	public boolean publish(String collection, String documentId, List<PendingEvent> events) {
		return this.relay.publish(collection, documentId, events);
	}

	public double pendingCount() {
		return this.gauge.count();
	}

}
