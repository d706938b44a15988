package org.keycities.notification.ingest;

import java.util.List;
import java.util.function.Consumer;

import org.keycities.intake.Commits;
import org.keycities.intake.Incoming;
import org.keycities.intake.IntakeConfiguration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

/**
 * Binding {@code activityEvents-in-0}: topic {@code activity-events}, consumer group
 * {@code notification-service}, in batches (all the records one poll of a partition
 * returns, see application.yml); offsets are committed after the handler returned, that
 * is after the MongoDB writes, at most once a second ({@link Commits}).
 * {@link EventIngest} dead-letters a record that cannot be taken in by itself, to
 * {@code activity-events.notification-service.dlq} through binding
 * {@code undeliverableEvents-out-0}, so the binder's own dead-lettering (which in batch
 * mode sends the whole batch) is off.
 */
@Configuration(proxyBeanMethods = false)
@Import(IntakeConfiguration.class)
class ActivityEventsConsumer {

	@Bean
	Consumer<Message<List<byte[]>>> activityEvents(EventIngest ingest) {
		return (batch) -> ingest.acceptAll(Incoming.of(batch));
	}

}
