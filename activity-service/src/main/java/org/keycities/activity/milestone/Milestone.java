package org.keycities.activity.milestone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.keycities.activity.events.ActivityEvent;
import org.keycities.activity.events.MilestoneAmended;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;
import org.keycities.activity.events.MilestoneWithdrawn;
import org.keycities.activity.events.ReportingYear;
import org.keycities.activity.outbox.PendingEvent;
import org.keycities.activity.web.IdempotentRequest;
import org.keycities.activity.web.RequestRejected;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Something a group did that belongs in its annual report. Every change raises an event
 * that is stored in this same document, so the change and its event are one write.
 * Withdrawn milestones are kept for audit.
 */
@Document(Milestone.COLLECTION)
@CompoundIndex(name = "idempotency_key", def = "{'idempotency.key': 1}", unique = true, sparse = true)
@CompoundIndex(name = "pending_mark", def = "{'pendingMark': 1}", unique = true, sparse = true)
@CompoundIndex(name = "group_year", def = "{'groupId': 1, 'effectiveReportingYear': 1, 'recordedAt': 1}")
public class Milestone {

	public static final String COLLECTION = "milestones";

	@Id
	private String id;

	@Version
	private Long version;

	private String groupId;

	private MilestoneType type;

	private String title;

	private String workstream;

	private String date;

	/** As the officer gave it, or absent. */
	private String reportingYear;

	/** The year it is reported in: explicit, else from the date, else from recordedAt. */
	private String effectiveReportingYear;

	private String description;

	private List<String> links = new ArrayList<>();

	private List<String> partners = new ArrayList<>();

	private MilestoneStatus status;

	private String withdrawalReason;

	private String recordedBy;

	private Instant recordedAt;

	private String changedBy;

	private Instant changedAt;

	private IdempotentRequest idempotency;

	private List<PendingEvent> pendingEvents = new ArrayList<>();

	Milestone() {
	}

	/**
	 * A new milestone of a group whose reporting year starts in {@code startMonth}; the
	 * request must have passed {@link MilestoneRequest#check(int)}.
	 */
	static Milestone record(String id, String groupId, MilestoneRequest request, int startMonth, String by,
			Instant at) {
		Milestone milestone = new Milestone();
		milestone.id = id;
		milestone.groupId = groupId;
		milestone.status = MilestoneStatus.ACTIVE;
		milestone.recordedBy = by;
		milestone.recordedAt = at;
		milestone.apply(request, startMonth, by, at);
		milestone.raise(new MilestoneRecorded(milestone.snapshot(milestone.nextVersion())), at);
		return milestone;
	}

	void amend(MilestoneRequest request, int startMonth, String by, Instant at) {
		requireActive("amended");
		apply(request, startMonth, by, at);
		raise(new MilestoneAmended(snapshot(nextVersion())), at);
	}

	void withdraw(String reason, String by, Instant at) {
		requireActive("withdrawn");
		this.status = MilestoneStatus.WITHDRAWN;
		this.withdrawalReason = reason.trim();
		this.changedBy = by;
		this.changedAt = at;
		raise(new MilestoneWithdrawn(snapshot(nextVersion())), at);
	}

	private void requireActive(String change) {
		if (this.status == MilestoneStatus.WITHDRAWN) {
			throw RequestRejected.conflict("status",
					"This milestone was withdrawn, so it cannot be " + change + ". Record a new one instead");
		}
	}

	private void apply(MilestoneRequest request, int startMonth, String by, Instant at) {
		this.type = request.milestoneType();
		this.title = request.title().trim();
		this.workstream = MilestoneRequest.blankToNull(request.workstream());
		this.date = request.normalisedDate();
		this.reportingYear = MilestoneRequest.blankToNull(request.reportingYear());
		this.effectiveReportingYear = reportingYearFor(startMonth);
		this.description = MilestoneRequest.blankToNull(request.description());
		this.links = request.links().stream().map(String::trim).toList();
		this.partners = request.partners().stream().map(String::trim).toList();
		this.changedBy = by;
		this.changedAt = at;
	}

	/**
	 * The label of the reporting year this milestone falls in, for a group starting in
	 * that month.
	 */
	String reportingYearFor(int startMonth) {
		return ReportingYear.of(this.reportingYear, this.date, this.recordedAt, startMonth).label();
	}

	private void raise(ActivityEvent event, Instant at) {
		this.pendingEvents.add(PendingEvent.of(event, at));
	}

	/** The version this document will have once the pending change is saved. */
	private long nextVersion() {
		return this.version == null ? 0 : this.version + 1;
	}

	MilestoneSnapshot snapshot(long version) {
		return new MilestoneSnapshot(this.id, this.groupId, version, this.type, this.title, this.workstream, this.date,
				this.reportingYear, this.description, this.links, this.partners, this.status, this.withdrawalReason,
				this.recordedBy, this.recordedAt, this.changedBy, this.changedAt);
	}

	void rememberRequest(IdempotentRequest request) {
		this.idempotency = request;
	}

	String id() {
		return this.id;
	}

	/** The stored version, or the one it gets on its first save. */
	long version() {
		return this.version == null ? 0 : this.version;
	}

	String groupId() {
		return this.groupId;
	}

	MilestoneType type() {
		return this.type;
	}

	MilestoneStatus status() {
		return this.status;
	}

	String effectiveReportingYear() {
		return this.effectiveReportingYear;
	}

	IdempotentRequest idempotency() {
		return this.idempotency;
	}

	/**
	 * Lets the service attach to the events not yet published where the change came from
	 * (the trace of the request), without the milestone knowing about tracing.
	 */
	void traceEvents(UnaryOperator<PendingEvent> trace) {
		this.pendingEvents.replaceAll(trace);
	}

	List<PendingEvent> pendingEvents() {
		return List.copyOf(this.pendingEvents);
	}

}
