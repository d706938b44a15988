package org.keycities.activity.outbox;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Carries the trace of the request that changed something to the later publish of its
 * events: the event stores the W3C {@code traceparent} of the request's span, the publish
 * continues it and sends it on the Kafka record, so consumers continue it too.
 */
@Component
public class EventTrace {

	static final String TRACEPARENT = "traceparent";

	private final Tracer tracer;

	private final Propagator propagator;

	EventTrace(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * The event carrying the trace of the current span (the request's), unless it already
	 * carries one.
	 */
	public PendingEvent stamp(PendingEvent event) {
		Span current = this.tracer.currentSpan();
		if (event.traceparent() != null || current == null) {
			return event;
		}
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(current.context(), carrier, Map::put);
		return event.tracedBy(carrier.get(TRACEPARENT));
	}

	/** A started span for publishing the event, a child of the change's trace. */
	Span startPublish(PendingEvent event) {
		Span.Builder span = (event.traceparent() != null)
				? this.propagator.extract(Map.of(TRACEPARENT, event.traceparent()), Map::get)
				: this.tracer.spanBuilder().setNoParent();
		return span.name("publish " + event.type()).kind(Span.Kind.PRODUCER).start();
	}

	Tracer.SpanInScope inScope(Span span) {
		return this.tracer.withSpan(span);
	}

	/**
	 * Adds the span's {@code traceparent} to the record, as bytes like the other headers.
	 */
	void inject(Span span, MessageBuilder<byte[]> message) {
		this.propagator.inject(span.context(), message,
				(carrier, name, value) -> carrier.setHeader(name, value.getBytes(StandardCharsets.UTF_8)));
	}

}
