package org.keycities.notification.ingest;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** The little this service keeps of a group: its name, for email subjects. */
@Document("groups")
public record KnownGroup(@Id String id, String name, long version) {
}
