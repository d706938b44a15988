package org.keycities.activity.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CloudEvents 1.0 attributes of one event on the topic (Kafka binary mode), and its
 * record key.
 *
 * @param id unique per event; consumers remember it to drop duplicates
 * @param key the Kafka record key: the group id, so one group's events stay in order
 */
public record EventEnvelope(String id, String type, String subject, Instant time, String key) {

	public static EventEnvelope of(ActivityEvent event, UUID id, Instant time) {
		return new EventEnvelope(id.toString(), event.eventType(), event.subject(), time, event.groupOf());
	}

	/** The record headers, in the order CloudEvents lists them. */
	public Map<String, String> headers() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
		headers.put(CloudEventHeaders.ID, this.id);
		headers.put(CloudEventHeaders.SOURCE, EventTypes.SOURCE);
		headers.put(CloudEventHeaders.TYPE, this.type);
		headers.put(CloudEventHeaders.SUBJECT, this.subject);
		headers.put(CloudEventHeaders.TIME, this.time.toString());
		headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
		return headers;
	}

}
