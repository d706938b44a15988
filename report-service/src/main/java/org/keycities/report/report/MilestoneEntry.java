package org.keycities.report.report;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;

/**
 * The latest known state of one milestone, withdrawn ones included (a late, older event
 * must not bring a withdrawn milestone back), with its version.
 * <p>
 * Stored under the key {@code <groupId>/<id>}, so one group's milestones are read with a
 * query on {@code _id} alone (an anchored prefix): the local stack's MongoDB server uses
 * no other index than a unique one queried on exactly its fields, and reads every group's
 * milestones for any other query. A milestone never changes group, so its key never
 * changes. The milestone's own id stays in field {@code id}.
 *
 * @param key {@code <groupId>/<id>}, always derived from the two; whatever is passed is
 * ignored
 */
@Document("milestones")
public record MilestoneEntry(@Id String key, @Field("id") String id, String groupId, long version, MilestoneType type,
		String title, String workstream, String date, String reportingYear, String description, List<String> links,
		List<String> partners, MilestoneStatus status, Instant recordedAt, Instant changedAt) {

	/** Group ids are slugs, so they never hold the separator. */
	private static final String SEPARATOR = "/";

	public MilestoneEntry {
		key = key(groupId, id);
		links = links == null ? List.of() : List.copyOf(links);
		partners = partners == null ? List.of() : List.copyOf(partners);
	}

	public static MilestoneEntry of(MilestoneSnapshot snapshot, MilestoneStatus status) {
		return new MilestoneEntry(null, snapshot.id(), snapshot.groupId(), snapshot.version(), snapshot.type(),
				snapshot.title(), snapshot.workstream(), snapshot.date(), snapshot.reportingYear(),
				snapshot.description(), snapshot.links(), snapshot.partners(), status, snapshot.recordedAt(),
				snapshot.changedAt());
	}

	static String key(String groupId, String milestoneId) {
		return groupId + SEPARATOR + milestoneId;
	}

	/**
	 * The keys of one group's milestones: anchored, and with the group id taken
	 * literally, so group {@code a} never sees group {@code ab}'s milestones. Each
	 * metacharacter is escaped on its own rather than quoted with {@code \Q...\E}, so a
	 * real MongoDB still sees a plain prefix and reads only that range of the {@code _id}
	 * index.
	 */
	static Pattern keysOf(String groupId) {
		StringBuilder prefix = new StringBuilder("^");
		for (char c : (groupId + SEPARATOR).toCharArray()) {
			if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
				prefix.append('\\');
			}
			prefix.append(c);
		}
		return Pattern.compile(prefix.toString());
	}

	boolean active() {
		return dating().active();
	}

	Dating dating() {
		return new Dating(this.status, this.reportingYear, this.date, this.recordedAt);
	}

}
