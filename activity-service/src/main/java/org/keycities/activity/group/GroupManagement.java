package org.keycities.activity.group;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.keycities.activity.outbox.EventRelay;
import org.keycities.activity.outbox.EventTrace;
import org.keycities.activity.outbox.Outbox;
import org.keycities.activity.outbox.PendingEvent;
import org.keycities.activity.web.Checks;
import org.keycities.activity.web.IdempotentRequest;
import org.keycities.activity.web.RequestRejected;
import org.keycities.activity.web.Versions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Creates and replaces group profiles; each change is stored with its event, then
 * relayed.
 */
@Service
public class GroupManagement {

	/** The one field of a group that recording or searching its milestones needs. */
	private static final Document START_MONTH = new Document("profile.reportingYearStartMonth", 1);

	private final Groups groups;

	private final MongoTemplate mongo;

	private final EventRelay relay;

	private final Outbox outbox;

	private final JsonMapper json;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final EventTrace trace;

	GroupManagement(Groups groups, MongoTemplate mongo, EventRelay relay, Outbox outbox, JsonMapper json, Clock clock,
			EventTrace trace, ApplicationEventPublisher events) {
		this.events = events;
		this.groups = groups;
		this.mongo = mongo;
		this.relay = relay;
		this.outbox = outbox;
		this.json = json;
		this.clock = clock;
		this.trace = trace;
	}

	/**
	 * Creates a group, or with an idempotency key already used for the same request,
	 * returns what the first request created.
	 */
	public GroupView create(GroupProfile profile, String user, String idempotencyKey) {
		profile.check().throwIfAny();
		IdempotentRequest earlier = null;
		String key = null;
		String hash = null;
		if (idempotencyKey != null) {
			key = IdempotentRequest.scopedKey(user, idempotencyKey);
			hash = IdempotentRequest.hash("POST /api/groups", this.json.writeValueAsString(profile));
			Optional<GroupView> replay = replay(key, hash);
			if (replay.isPresent()) {
				return replay.get();
			}
		}
		if (this.groups.existsById(profile.id())) {
			throw duplicate(profile.id());
		}
		Group group = Group.create(profile, user, this.clock.instant());
		group.traceEvents(this.trace::stamp);
		GroupView view = GroupView.of(group);
		if (key != null) {
			group.rememberRequest(new IdempotentRequest(key, hash, this.json.writeValueAsString(view)));
		}
		try {
			group = this.groups.insert(group);
		}
		catch (DuplicateKeyException ex) {
			// another request won the race: with the same key it is a retry, else the id
			// is taken
			if (key != null) {
				Optional<GroupView> replay = replay(key, hash);
				if (replay.isPresent()) {
					return replay.get();
				}
			}
			throw duplicate(profile.id());
		}
		this.relay.publishSoon(Group.COLLECTION, group.id(), group.pendingEvents(), true);
		return view;
	}

	private Optional<GroupView> replay(String key, String hash) {
		return this.groups.findByIdempotencyKey(key).map((group) -> {
			group.idempotency().requireSameRequest(hash);
			return this.json.readValue(group.idempotency().response(), GroupView.class);
		});
	}

	public GroupView replace(String groupId, GroupProfile profile, String ifMatch, String user) {
		checkReplacement(profile, groupId);
		Group group = this.groups.findById(groupId).orElseThrow(() -> unknown(groupId));
		Versions.requireMatch(ifMatch, group.version());
		long version = group.version();
		int startMonthBefore = group.reportingYearStartMonth();
		int before = group.pendingEvents().size();
		group.replace(profile, user, this.clock.instant());
		group.traceEvents(this.trace::stamp);
		List<PendingEvent> raised = group.pendingEvents().subList(before, group.pendingEvents().size());
		Group saved = this.outbox.saveChange(group, groupId, version, raised);
		this.relay.publishSoon(Group.COLLECTION, saved.id(), raised, before == 0);
		if (saved.reportingYearStartMonth() != startMonthBefore) {
			this.events.publishEvent(new ReportingYearStartChanged(groupId, saved.reportingYearStartMonth()));
		}
		return GroupView.of(saved);
	}

	/**
	 * A replacement may leave out the id; if it gives one, it must be the group's own.
	 */
	private static void checkReplacement(GroupProfile profile, String groupId) {
		boolean idGiven = profile.id() != null && !profile.id().isBlank();
		GroupProfile withId = idGiven ? profile
				: new GroupProfile(groupId, profile.name(), profile.leadMember(), profile.leadOfficer(),
						profile.email(), profile.address(), profile.telephone(), profile.website(),
						profile.membership(), profile.aim(), profile.keyRolesIntro(), profile.keyRoles(),
						profile.reportingYearStartMonth(), profile.workstreamOrder(), profile.reportTitle());
		Checks checks = withId.check();
		if (idGiven && !profile.id().equals(groupId) && !checks.hasProblemWith("id")) {
			checks.reject("id", "The id of a group cannot be changed: leave it out or send " + groupId);
		}
		checks.throwIfAny();
	}

	public GroupView find(String groupId) {
		return GroupView.of(this.groups.findById(groupId).orElseThrow(() -> unknown(groupId)));
	}

	public List<GroupView> all() {
		return this.groups.findAll(Sort.by("id")).stream().map(GroupView::of).toList();
	}

	/**
	 * The first month of the group's reporting year, 1 to 12, reading nothing else of the
	 * group (reading the whole profile was a seventh of recording a milestone in a
	 * profile). Read with the driver's own find and document, through MongoTemplate for
	 * its translation of errors: a repository query method mapped the query, the
	 * projection and the result through Spring Data on every call, which was three
	 * quarters of this read's CPU and a fifth of recording a milestone in a profile of
	 * the benchmark.
	 * @throws RequestRejected 404 when there is no such group
	 */
	public int reportingYearStartMonth(String groupId) {
		Document found = this.mongo.execute(Group.COLLECTION,
				(collection) -> collection.find(new Document("_id", groupId)).projection(START_MONTH).first());
		if (found == null) {
			throw unknown(groupId);
		}
		Document profile = found.get("profile", Document.class);
		Object month = (profile != null) ? profile.get("reportingYearStartMonth") : null;
		return GroupProfile.startMonth((month instanceof Number number) ? number.intValue() : null);
	}

	private static RequestRejected unknown(String groupId) {
		return RequestRejected.notFound("groupId", "There is no group with id " + groupId);
	}

	private static RequestRejected duplicate(String groupId) {
		return RequestRejected.conflict("id", "A group with id " + groupId
				+ " already exists. Choose another id, or change that group with PUT /api/groups/" + groupId);
	}

}
