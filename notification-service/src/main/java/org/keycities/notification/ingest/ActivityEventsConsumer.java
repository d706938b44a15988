package org.keycities.notification.ingest;

import java.util.function.Consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Binding {@code activityEvents-in-0}: topic {@code activity-events}, consumer group
 * {@code notification-service}; offsets are committed after the handler returned, that is
 * after the MongoDB writes. A record that keeps failing goes to the dead-letter topic
 * (see application.yml).
 */
@Configuration(proxyBeanMethods = false)
class ActivityEventsConsumer {

	@Bean
	Consumer<Message<byte[]>> activityEvents(EventIngest ingest) {
		return ingest::accept;
	}

}
