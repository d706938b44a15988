package org.keycities.notification.recipient;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.keycities.activity.events.MilestoneType;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Someone at a member council who gets emails about one group's milestones. Empty
 * {@code types} or {@code workstreams} mean all of them.
 */
@Document(Recipient.COLLECTION)
@CompoundIndex(name = "group_email", def = "{'groupId': 1, 'emailKey': 1}", unique = true)
public class Recipient {

	static final String COLLECTION = "recipients";

	@Id
	private String id;

	private String groupId;

	/**
	 * The group's id, a slash and this recipient's id (see {@link #member}): unique, so a
	 * group's recipients are found by a prefix of it through its unique index alone.
	 * mongo-java-server (local stack, tests) uses only unique indexes, and reads every
	 * recipient for a query on {@code groupId}; the consumer looks a group's recipients
	 * up for every milestone recorded.
	 */
	@Indexed(unique = true, sparse = true)
	private String member;

	private String council;

	private String name;

	private String email;

	/** The address in lower case: addresses are compared case-insensitively. */
	private String emailKey;

	private Set<MilestoneType> types = new TreeSet<>();

	private Set<String> workstreams = new TreeSet<>();

	private Frequency frequency = Frequency.IMMEDIATE;

	private boolean subscribed = true;

	private Instant unsubscribedAt;

	private Instant createdAt;

	@Version
	private Long version;

	Recipient() {
	}

	Recipient(String id, String groupId, Instant createdAt) {
		this.id = id;
		this.groupId = groupId;
		this.member = member(groupId, id);
		this.createdAt = createdAt;
	}

	/** The {@code member} key of a group's recipient; with an empty id, its prefix. */
	static String member(String groupId, String id) {
		return groupId + "/" + id;
	}

	void describe(String council, String name, String email, Set<MilestoneType> types, Set<String> workstreams,
			Frequency frequency) {
		this.council = council;
		this.name = name;
		this.email = email;
		this.emailKey = email.toLowerCase(Locale.ROOT);
		choose(types, workstreams, frequency);
	}

	/** The recipient's own choice, from the preferences page. */
	public void choose(Set<MilestoneType> types, Set<String> workstreams, Frequency frequency) {
		this.types = types == null ? new TreeSet<>() : new TreeSet<>(types);
		this.workstreams = workstreams == null ? new TreeSet<>() : new TreeSet<>(workstreams);
		this.frequency = frequency == null ? Frequency.IMMEDIATE : frequency;
	}

	public void unsubscribe(Instant at) {
		if (this.subscribed) {
			this.subscribed = false;
			this.unsubscribedAt = at;
		}
	}

	public void resubscribe() {
		this.subscribed = true;
		this.unsubscribedAt = null;
	}

	public String getId() {
		return this.id;
	}

	public String getGroupId() {
		return this.groupId;
	}

	public String getCouncil() {
		return this.council;
	}

	public String getName() {
		return this.name;
	}

	public String getEmail() {
		return this.email;
	}

	public Set<MilestoneType> getTypes() {
		return this.types;
	}

	public Set<String> getWorkstreams() {
		return this.workstreams;
	}

	public Frequency getFrequency() {
		return this.frequency;
	}

	public boolean isSubscribed() {
		return this.subscribed;
	}

	public Instant getUnsubscribedAt() {
		return this.unsubscribedAt;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
