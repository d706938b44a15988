package org.keycities.report.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.keycities.activity.events.PartialDate;
import org.keycities.activity.events.ReportingYear;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Compiles reports from the stored groups and milestones when they are asked for. The
 * stored model holds only the latest state of each aggregate, so the report cannot depend
 * on the order in which events arrived.
 */
@Component
public class AnnualReports {

	private static final Comparator<MilestoneEntry> RECORDING_ORDER = Comparator
		.comparing(MilestoneEntry::recordedAt, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(MilestoneEntry::id);

	/** Dated milestones in date order, then undated ones in recording order. */
	private static final Comparator<Dated> PRINT_ORDER = Comparator
		.comparing(Dated::date, Comparator.nullsLast(Comparator.<PartialDate>naturalOrder()))
		.thenComparing(Dated::milestone, RECORDING_ORDER);

	private final MongoTemplate mongo;

	private final ProcessedEvents processed;

	AnnualReports(MongoTemplate mongo, ProcessedEvents processed) {
		this.mongo = mongo;
		this.processed = processed;
	}

	/** Every group whose profile has arrived, by name. */
	public List<GroupProfile> groups() {
		return this.mongo.findAll(GroupProfile.class)
			.stream()
			.sorted(Comparator.comparing(GroupProfile::name, Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER)))
			.toList();
	}

	/**
	 * The years with milestones, oldest first; empty when the group's profile has not
	 * arrived yet.
	 */
	public Optional<List<ReportYear>> years(String groupId) {
		return group(groupId).map((group) -> {
			Map<ReportingYear, Long> counts = this.mongo.query(MilestoneEntry.class)
				.as(Dating.class)
				.matching(ofGroup(groupId))
				.stream()
				.filter(Dating::active)
				.collect(Collectors.groupingBy((m) -> yearOf(m, group), TreeMap::new, Collectors.counting()));
			return counts.entrySet()
				.stream()
				.map((e) -> new ReportYear(e.getKey().label(), e.getKey().period(), e.getValue()))
				.toList();
		});
	}

	/**
	 * The report of a year given as {@code 2017} or {@code 2017/18}; empty when the group
	 * is unknown, the label does not fit its reporting year or the year has no
	 * milestones.
	 */
	public Optional<AnnualReport> report(String groupId, String yearLabel) {
		Optional<GroupProfile> found = group(groupId);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		GroupProfile group = found.get();
		ReportingYear year;
		try {
			year = ReportingYear.parse(yearLabel, group.reportingYearStartMonth());
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		List<MilestoneEntry> milestones = activeMilestones(groupId).stream()
			.filter((m) -> yearOf(m.dating(), group).equals(year))
			.toList();
		if (milestones.isEmpty()) {
			return Optional.empty();
		}
		Optional<GroupProgress> progress = this.processed.progressOf(groupId);
		return Optional.of(new AnnualReport(header(group), year.label(), year.period(), sections(group, milestones),
				new AnnualReport.AsOf(progress.map(GroupProgress::eventsApplied).orElse(0L),
						progress.map(GroupProgress::lastEventAt).orElse(null))));
	}

	/**
	 * Where a milestone stands in the group's reports; empty when the milestone has not
	 * arrived yet. One read by {@code _id}, however many milestones the group has.
	 * @param group the group's profile, as {@link #group} gives it
	 */
	public Optional<MilestonePlace> placeOf(GroupProfile group, String milestoneId) {
		return Optional
			.ofNullable(this.mongo.findById(MilestoneEntry.key(group.id(), milestoneId), MilestoneEntry.class))
			.map((milestone) -> {
				ReportingYear year = yearOf(milestone.dating(), group);
				return new MilestonePlace(milestone.id(), milestone.title(), milestone.version(), year.label(),
						year.period(), milestone.active());
			});
	}

	/**
	 * The group's latest profile; empty until its {@code group.changed} event arrives.
	 */
	public Optional<GroupProfile> group(String groupId) {
		return Optional.ofNullable(this.mongo.findById(groupId, GroupProfile.class));
	}

	private List<MilestoneEntry> activeMilestones(String groupId) {
		List<MilestoneEntry> milestones = new ArrayList<>();
		StoredMilestones.in(this.mongo.getCollection(this.mongo.getCollectionName(MilestoneEntry.class)))
			.find(ofGroup(groupId).getQueryObject())
			.forEach((milestone) -> {
				if (milestone.active()) {
					milestones.add(milestone);
				}
			});
		return milestones;
	}

	/**
	 * By a prefix of {@code _id} alone, so only this group's milestones are read (see
	 * {@link MilestoneEntry}).
	 */
	private static Query ofGroup(String groupId) {
		return Query.query(Criteria.where("_id").regex(MilestoneEntry.keysOf(groupId)));
	}

	private static ReportingYear yearOf(Dating milestone, GroupProfile group) {
		Instant recordedAt = (milestone.recordedAt() != null) ? milestone.recordedAt() : Instant.EPOCH;
		int startMonth = group.reportingYearStartMonth();
		// an explicit year chosen before the group changed its first month keeps its
		// start year
		return ReportingYear.of(milestone.reportingYear(), milestone.date(), recordedAt, startMonth);
	}

	private static List<AnnualReport.Section> sections(GroupProfile group, List<MilestoneEntry> milestones) {
		List<AnnualReport.Section> sections = new ArrayList<>();
		List<MilestoneEntry> flat = inPrintOrder(milestones.stream().filter((m) -> !hasWorkstream(m)).toList());
		if (!flat.isEmpty()) {
			sections.add(section(null, flat));
		}
		Map<String, List<MilestoneEntry>> byWorkstream = new HashMap<>();
		Map<String, MilestoneEntry> firstRecorded = new HashMap<>();
		milestones.stream().filter(AnnualReports::hasWorkstream).forEach((m) -> {
			byWorkstream.computeIfAbsent(m.workstream(), (w) -> new ArrayList<>()).add(m);
			firstRecorded.merge(m.workstream(), m, BinaryOperator.minBy(RECORDING_ORDER));
		});
		// the group's order, then the other workstreams in the order they were first used
		List<String> order = new ArrayList<>();
		group.workstreamOrder().stream().filter(byWorkstream::containsKey).forEach(order::add);
		byWorkstream.keySet()
			.stream()
			.filter((w) -> !order.contains(w))
			.sorted(Comparator.comparing(firstRecorded::get, RECORDING_ORDER))
			.forEach(order::add);
		for (String workstream : order) {
			sections.add(section(workstream, inPrintOrder(byWorkstream.get(workstream))));
		}
		return sections;
	}

	/**
	 * Each date is parsed once, not at every comparison of the sort (a year of 10,000
	 * milestones took a quarter of a million parses).
	 */
	private static List<MilestoneEntry> inPrintOrder(List<MilestoneEntry> milestones) {
		return milestones.stream()
			.map((m) -> new Dated((m.date() != null) ? PartialDate.parse(m.date()) : null, m))
			.sorted(PRINT_ORDER)
			.map(Dated::milestone)
			.toList();
	}

	private record Dated(PartialDate date, MilestoneEntry milestone) {

	}

	private static boolean hasWorkstream(MilestoneEntry milestone) {
		return milestone.workstream() != null && !milestone.workstream().isBlank();
	}

	private static AnnualReport.Section section(String workstream, List<MilestoneEntry> milestones) {
		return new AnnualReport.Section(workstream,
				milestones.stream()
					.map((m) -> new AnnualReport.Milestone(m.id(), m.type().name(), m.title(), m.date(),
							m.description(), m.links(), m.partners()))
					.toList());
	}

	private static AnnualReport.Group header(GroupProfile group) {
		return new AnnualReport.Group(group.id(), group.title(), group.name(), group.leadMember(), group.leadOfficer(),
				group.email(), group.address(), group.telephone(), group.website(), group.membership(), group.aim(),
				group.keyRolesIntro(), group.keyRoles());
	}

}
