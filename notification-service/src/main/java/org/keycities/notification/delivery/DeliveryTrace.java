package org.keycities.notification.delivery;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.keycities.intake.Traces;

import org.springframework.stereotype.Component;

/**
 * Carries the trace of the event that opened a delivery to the later send: the delivery
 * stores the W3C {@code traceparent} of the consumer's span, and the sender continues it,
 * so the send is logged with the trace id of the officer's request that caused it.
 */
@Component
public class DeliveryTrace extends Traces {

	private final Tracer tracer;

	private final Propagator propagator;

	DeliveryTrace(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** The {@code traceparent} of the current span, or null outside one. */
	public String current() {
		Span span = this.tracer.currentSpan();
		if (span == null) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(span.context(), carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/**
	 * Runs the send of the delivery in a span that continues the delivery's trace, or
	 * starts a trace when it has none.
	 */
	void during(Delivery delivery, Runnable send) {
		continuing(delivery.getTraceparent(), "send " + delivery.getKind() + " email", send);
	}

}
