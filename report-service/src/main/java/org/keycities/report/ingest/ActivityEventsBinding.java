package org.keycities.report.ingest;

import java.util.List;
import java.util.function.Consumer;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.keycities.intake.Commits;
import org.keycities.intake.Incoming;
import org.keycities.intake.IntakeConfiguration;
import org.keycities.intake.Traces;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

/**
 * The function binding {@code activityEvents-in-0} on topic {@code activity-events},
 * consumer group {@code report-service}, in batches (all the records one poll of a
 * partition returns); offsets are committed after the handler returned, that is after the
 * MongoDB writes, at most once a second ({@link Commits}). {@link EventIngestion}
 * dead-letters a record that cannot be applied by itself, to {@value #DLQ} through
 * binding {@code undeliverableEvents-out-0}, so the binder's own dead-lettering (which in
 * batch mode sends the whole batch) is off.
 */
@Configuration(proxyBeanMethods = false)
@Import(IntakeConfiguration.class)
class ActivityEventsBinding {

	static final String DLQ = "activity-events.report-service.dlq";

	@Bean
	Consumer<Message<List<byte[]>>> activityEvents(EventIngestion ingestion) {
		return (batch) -> ingestion.applyAll(Incoming.of(batch));
	}

	@Bean
	Traces traces(Tracer tracer, Propagator propagator) {
		return new Traces(tracer, propagator);
	}

}
