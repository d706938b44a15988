package org.keycities.notification.delivery;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.stereotype.Component;

/**
 * Carries the trace of the event that opened a delivery to the later send: the delivery
 * stores the W3C {@code traceparent} of the consumer's span, and the sender continues it,
 * so the send is logged with the trace id of the officer's request that caused it.
 */
@Component
public class DeliveryTrace {

	public static final String TRACEPARENT = "traceparent";

	private final Tracer tracer;

	private final Propagator propagator;

	DeliveryTrace(Tracer tracer, Propagator propagator) {
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

	/**
	 * Runs the work in a new span of the given trace, or of a new trace when the
	 * {@code traceparent} is null.
	 */
	public void continuing(String traceparent, String name, Runnable work) {
		Span.Builder builder = (traceparent != null)
				? this.propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get)
				: this.tracer.spanBuilder().setNoParent();
		Span span = builder.name(name).start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			work.run();
		}
		catch (RuntimeException ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

}
