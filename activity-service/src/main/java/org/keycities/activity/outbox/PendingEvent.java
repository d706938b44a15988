package org.keycities.activity.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventEnvelope;
import org.keycities.activity.events.TimeOrderedIds;

/**
 * An event not yet published, kept inside the document of its aggregate so that the
 * change and its event are stored in one write.
 *
 * @param eventId the future {@code ce_id}; a re-publish carries the same one, so
 * consumers can drop the duplicate
 * @param key the Kafka record key: the group id
 * @param body the event as JSON, exactly as it will go on the wire
 * @param traceparent the W3C trace context of the request that made the change, so that
 * the publish, though later and on another thread, continues that request's trace; null
 * for events stored before tracing
 */
public record PendingEvent(String eventId, String type, String subject, String key, String body, Instant createdAt,
		String traceparent) {

	private static final EventCodec CODEC = new EventCodec();

	public static PendingEvent of(ActivityEvent event, Instant createdAt) {
		return new PendingEvent(TimeOrderedIds.next(), event.eventType(), event.subject(), event.groupOf(),
				new String(CODEC.write(event), StandardCharsets.UTF_8), createdAt, null);
	}

	PendingEvent tracedBy(String traceparent) {
		return new PendingEvent(this.eventId, this.type, this.subject, this.key, this.body, this.createdAt,
				traceparent);
	}

	EventEnvelope envelope() {
		return new EventEnvelope(this.eventId, this.type, this.subject, this.createdAt, this.key);
	}

}
