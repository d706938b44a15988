package org.keycities.notification.ingest;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A {@code ce_id} already handled; the id is unique, so it is remembered once. */
@Document("processed_events")
record ProcessedEvent(@Id String id, String type, String subject, Instant processedAt) {
}
