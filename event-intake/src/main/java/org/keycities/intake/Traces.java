package org.keycities.intake;

import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Runs work in a span that continues a W3C {@code traceparent}: a record's own trace when
 * the records of a batch are taken in (the binder's observation sees only the batch), or
 * a stored one later.
 */
public class Traces {

	public static final String TRACEPARENT = "traceparent";

	private final Tracer tracer;

	private final Propagator propagator;

	public Traces(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
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
