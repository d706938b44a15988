package org.keycities.activity.group;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.outbox.PendingEvent;
import org.keycities.activity.web.IdempotentRequest;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A Special Interest Group's profile. Every change raises a {@link GroupChanged} event
 * that is stored in this same document, so the change and its event are one write.
 */
@Document(Group.COLLECTION)
@CompoundIndex(name = "idempotency_key", def = "{'idempotency.key': 1}", unique = true, sparse = true)
@CompoundIndex(name = "pending_mark", def = "{'pendingMark': 1}", unique = true, sparse = true)
public class Group {

	public static final String COLLECTION = "groups";

	@Id
	private String id;

	@Version
	private Long version;

	private GroupProfile profile;

	private String changedBy;

	private Instant changedAt;

	private IdempotentRequest idempotency;

	private List<PendingEvent> pendingEvents = new ArrayList<>();

	Group() {
	}

	static Group create(GroupProfile profile, String by, Instant at) {
		Group group = new Group();
		group.id = profile.id();
		group.change(profile, by, at);
		return group;
	}

	void replace(GroupProfile profile, String by, Instant at) {
		change(new GroupProfile(this.id, profile.name(), profile.leadMember(), profile.leadOfficer(), profile.email(),
				profile.address(), profile.telephone(), profile.website(), profile.membership(), profile.aim(),
				profile.keyRolesIntro(), profile.keyRoles(), profile.reportingYearStartMonth(),
				profile.workstreamOrder(), profile.reportTitle()), by, at);
	}

	private void change(GroupProfile profile, String by, Instant at) {
		this.profile = profile;
		this.changedBy = by;
		this.changedAt = at;
		this.pendingEvents.add(PendingEvent.of(changed(nextVersion()), at));
	}

	GroupChanged changed(long version) {
		GroupProfile p = this.profile;
		return new GroupChanged(this.id, version, p.name(), p.leadMember(), p.leadOfficer(), p.email(), p.address(),
				p.telephone(), p.website(), p.membership(), p.aim(), p.keyRolesIntro(), p.keyRoles(), p.startMonth(),
				p.workstreamOrder(), p.reportTitle(), this.changedBy, this.changedAt);
	}

	/** The version this document will have once the pending change is saved. */
	private long nextVersion() {
		return this.version == null ? 0 : this.version + 1;
	}

	void rememberRequest(IdempotentRequest request) {
		this.idempotency = request;
	}

	public String id() {
		return this.id;
	}

	/** The stored version, or the one it gets on its first save. */
	public long version() {
		return this.version == null ? 0 : this.version;
	}

	public GroupProfile profile() {
		return this.profile;
	}

	/** The first month of this group's reporting year, 1 to 12. */
	public int reportingYearStartMonth() {
		return this.profile.startMonth();
	}

	String changedBy() {
		return this.changedBy;
	}

	Instant changedAt() {
		return this.changedAt;
	}

	IdempotentRequest idempotency() {
		return this.idempotency;
	}

	/**
	 * Lets the service attach to the events not yet published where the change came from
	 * (the trace of the request), without the group knowing about tracing.
	 */
	void traceEvents(UnaryOperator<PendingEvent> trace) {
		this.pendingEvents.replaceAll(trace);
	}

	public List<PendingEvent> pendingEvents() {
		return List.copyOf(this.pendingEvents);
	}

}
