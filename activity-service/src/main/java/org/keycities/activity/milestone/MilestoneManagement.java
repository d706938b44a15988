package org.keycities.activity.milestone;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;
import org.keycities.activity.events.ReportingYear;
import org.keycities.activity.events.TimeOrderedIds;
import org.keycities.activity.group.GroupManagement;
import org.keycities.activity.group.ReportingYearStartChanged;
import org.keycities.activity.outbox.EventRelay;
import org.keycities.activity.outbox.EventTrace;
import org.keycities.activity.outbox.Outbox;
import org.keycities.activity.outbox.PendingEvent;
import org.keycities.activity.web.Checks;
import org.keycities.activity.web.IdempotentRequest;
import org.keycities.activity.web.RequestRejected;
import org.keycities.activity.web.Versions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Records, amends and withdraws milestones; each change is stored with its event in one
 * write, then relayed to Kafka.
 */
@Service
public class MilestoneManagement {

	static final int MAX_PAGE_SIZE = 100;

	private static final Log log = LogFactory.getLog(MilestoneManagement.class);

	private final Milestones milestones;

	private final GroupManagement groups;

	private final MongoTemplate mongo;

	private final EventRelay relay;

	private final Outbox outbox;

	private final JsonMapper json;

	private final Clock clock;

	private final MeterRegistry meters;

	private final EventTrace trace;

	MilestoneManagement(Milestones milestones, GroupManagement groups, MongoTemplate mongo, EventRelay relay,
			Outbox outbox, JsonMapper json, Clock clock, MeterRegistry meters, EventTrace trace) {
		this.milestones = milestones;
		this.groups = groups;
		this.mongo = mongo;
		this.relay = relay;
		this.outbox = outbox;
		this.json = json;
		this.clock = clock;
		this.meters = meters;
		this.trace = trace;
	}

	/**
	 * Records a milestone, or with an idempotency key already used for the same request,
	 * returns what the first request recorded.
	 */
	public MilestoneView record(String groupId, MilestoneRequest request, String user, String idempotencyKey) {
		int startMonth = this.groups.reportingYearStartMonth(groupId);
		request.check(startMonth).throwIfAny();
		String key = null;
		String hash = null;
		if (idempotencyKey != null) {
			key = IdempotentRequest.scopedKey(user, idempotencyKey);
			hash = IdempotentRequest.hash("POST /api/groups/" + groupId + "/milestones",
					this.json.writeValueAsString(request));
		}
		Milestone milestone = Milestone.record(TimeOrderedIds.next(), groupId, request, startMonth, user,
				this.clock.instant());
		MilestoneView view = MilestoneView.of(milestone);
		milestone.traceEvents(this.trace::stamp);
		if (key != null) {
			milestone.rememberRequest(new IdempotentRequest(key, hash, this.json.writeValueAsString(view)));
		}
		try {
			milestone = this.milestones.insert(milestone);
		}
		catch (DuplicateKeyException ex) {
			// the key was used before (the unique index on it says so, without a read
			// before every insert): answer as the first request was answered
			if (key == null) {
				throw ex;
			}
			return replay(key, hash).orElseThrow(() -> ex);
		}
		log.info("Recorded milestone " + milestone.id() + " for " + groupId);
		this.relay.publishSoon(Milestone.COLLECTION, milestone.id(), milestone.pendingEvents(), true);
		count("milestones.recorded", milestone.type());
		return view;
	}

	private Optional<MilestoneView> replay(String key, String hash) {
		return this.milestones.findByIdempotencyKey(key).map((milestone) -> {
			milestone.idempotency().requireSameRequest(hash);
			return this.json.readValue(milestone.idempotency().response(), MilestoneView.class);
		});
	}

	public MilestoneView amend(String id, MilestoneRequest request, String ifMatch, String user) {
		Milestone milestone = require(id);
		int startMonth = this.groups.reportingYearStartMonth(milestone.groupId());
		request.check(startMonth).throwIfAny();
		Versions.requireMatch(ifMatch, milestone.version());
		long version = milestone.version();
		int before = milestone.pendingEvents().size();
		milestone.amend(request, startMonth, user, this.clock.instant());
		Milestone saved = save(milestone, version, before);
		count("milestones.amended", saved.type());
		return MilestoneView.of(saved);
	}

	public MilestoneView withdraw(String id, String reason, String ifMatch, String user) {
		Milestone milestone = require(id);
		new Checks().required("reason", reason, "Enter the reason for withdrawing this milestone")
			.maxLength("reason", reason, 500, "Enter a reason of 500 characters or fewer")
			.throwIfAny();
		Versions.requireMatch(ifMatch, milestone.version());
		long version = milestone.version();
		int before = milestone.pendingEvents().size();
		milestone.withdraw(reason, user, this.clock.instant());
		Milestone saved = save(milestone, version, before);
		count("milestones.withdrawn", saved.type());
		return MilestoneView.of(saved);
	}

	/**
	 * Saves a changed milestone (the version check guards against a concurrent change)
	 * and relays only the events this change raised; older ones still in the document are
	 * the sweep's.
	 */
	private Milestone save(Milestone milestone, long expectedVersion, int eventsBefore) {
		milestone.traceEvents(this.trace::stamp);
		List<PendingEvent> pending = milestone.pendingEvents();
		List<PendingEvent> raised = pending.subList(eventsBefore, pending.size());
		Milestone saved = this.outbox.saveChange(milestone, milestone.id(), expectedVersion, raised);
		this.relay.publishSoon(Milestone.COLLECTION, saved.id(), raised, eventsBefore == 0);
		return saved;
	}

	/** Files each of the group's milestones under the reporting year it now falls in. */
	@EventListener
	void on(ReportingYearStartChanged changed) {
		Query ofGroup = Query.query(Criteria.where("groupId").is(changed.groupId()));
		for (Milestone milestone : this.mongo.find(ofGroup, Milestone.class)) {
			this.mongo.updateFirst(Query.query(Criteria.where("_id").is(milestone.id())),
					Update.update("effectiveReportingYear", milestone.reportingYearFor(changed.startMonth())),
					Milestone.class);
		}
	}

	public MilestoneView find(String id) {
		return MilestoneView.of(require(id));
	}

	public MilestonePage search(String groupId, MilestoneFilter filter) {
		int startMonth = this.groups.reportingYearStartMonth(groupId);
		Criteria criteria = Criteria.where("groupId").is(groupId);
		Checks checks = new Checks();
		if (filter.reportingYear() != null) {
			try {
				criteria.and("effectiveReportingYear")
					.is(ReportingYear.parse(filter.reportingYear(), startMonth).label());
			}
			catch (IllegalArgumentException ex) {
				checks.reject("reportingYear", "Enter the reporting year correctly: " + ex.getMessage());
			}
		}
		if (filter.type() != null) {
			try {
				criteria.and("type").is(MilestoneType.valueOf(filter.type()));
			}
			catch (IllegalArgumentException ex) {
				checks.reject("type",
						"There is no type " + filter.type() + ": choose one of " + List.of(MilestoneType.values()));
			}
		}
		if (filter.status() != null) {
			try {
				criteria.and("status").is(MilestoneStatus.valueOf(filter.status()));
			}
			catch (IllegalArgumentException ex) {
				checks.reject("status", "There is no status " + filter.status() + ": choose ACTIVE or WITHDRAWN");
			}
		}
		if (filter.workstream() != null) {
			criteria.and("workstream").is(filter.workstream());
		}
		if (filter.page() < 0) {
			checks.reject("page", "Enter a page number of 0 or more");
		}
		if (filter.size() < 1 || filter.size() > MAX_PAGE_SIZE) {
			checks.reject("size", "Enter a page size from 1 to " + MAX_PAGE_SIZE);
		}
		checks.throwIfAny();
		Query query = Query.query(criteria);
		long total = this.mongo.count(query, Milestone.class);
		query.with(Sort.by("recordedAt", "id")).skip((long) filter.page() * filter.size()).limit(filter.size());
		List<MilestoneView> content = new ArrayList<>();
		this.mongo.find(query, Milestone.class).forEach((m) -> content.add(MilestoneView.of(m)));
		return new MilestonePage(content, filter.page(), filter.size(), total,
				(int) ((total + filter.size() - 1) / filter.size()));
	}

	/**
	 * The workstreams and reporting years the group's milestones use, for an officer to
	 * choose from.
	 */
	public Facets facets(String groupId) {
		Query query = Query.query(Criteria.where("groupId").is(groupId));
		List<String> workstreams = this.mongo.findDistinct(query, "workstream", Milestone.class, String.class)
			.stream()
			.filter((w) -> w != null && !w.isBlank())
			.sorted()
			.toList();
		List<String> years = this.mongo.findDistinct(query, "effectiveReportingYear", Milestone.class, String.class)
			.stream()
			.filter((y) -> y != null)
			.sorted(Comparator.reverseOrder())
			.toList();
		return new Facets(workstreams, years);
	}

	private Milestone require(String id) {
		return this.milestones.findById(id)
			.orElseThrow(() -> RequestRejected.notFound("id", "There is no milestone with id " + id));
	}

	private void count(String name, MilestoneType type) {
		this.meters.counter(name, "type", type.name()).increment();
	}

	public record MilestoneFilter(String reportingYear, String type, String workstream, String status, int page,
			int size) {

	}

	public record Facets(List<String> workstreams, List<String> reportingYears) {

	}

	public record MilestonePage(List<MilestoneView> content, int page, int size, long totalElements, int totalPages) {

	}

}
