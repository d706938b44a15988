package org.keycities.report.report;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An event taken into account, by its {@code ce_id} (the unique {@code _id}), whether it
 * changed the model or was older than what was held. Nothing reads them by group: the
 * report's "as of" comes from {@link GroupProgress}.
 *
 * @param occurredAt when the change happened at the source, for the report's "as of"
 */
@Document("processed_events")
public record ProcessedEvent(@Id String ceId, String groupId, String type, Instant occurredAt) {

}
