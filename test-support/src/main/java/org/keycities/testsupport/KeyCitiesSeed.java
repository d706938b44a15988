package org.keycities.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.keycities.activity.events.GroupChanged;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.activity.events.MilestoneSnapshot;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Key Cities Group and its 2017 milestones, taken from the group's 2017 annual
 * report: as API request bodies ({@code seed/key-cities/*.json}) and as the events
 * activity-service publishes for them.
 */
public final class KeyCitiesSeed {

	public static final String GROUP_ID = "key-cities";

	public static final String GROUP_JSON = "seed/key-cities/group.json";

	public static final String MILESTONES_2017_JSON = "seed/key-cities/milestones-2017.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant RECORDED = Instant.parse("2017-05-02T09:00:00Z");

	private KeyCitiesSeed() {
	}

	/** The body of {@code POST /api/groups} for the Key Cities Group. */
	public static String groupRequest() {
		return text(GROUP_JSON);
	}

	/**
	 * The bodies of {@code POST /api/groups/key-cities/milestones}, in recording order.
	 */
	public static List<String> milestoneRequests() {
		List<String> bodies = new ArrayList<>();
		JSON.readTree(text(MILESTONES_2017_JSON)).forEach((node) -> bodies.add(node.toString()));
		return bodies;
	}

	public static GroupChanged groupChanged() {
		JsonNode g = JSON.readTree(text(GROUP_JSON));
		return new GroupChanged(g.get("id").asString(), 0, g.get("name").asString(), g.get("leadMember").asString(),
				g.get("leadOfficer").asString(), null, null, null, null, strings(g.get("membership")),
				g.get("aim").asString(), g.get("keyRolesIntro").asString(), strings(g.get("keyRoles")),
				g.get("reportingYearStartMonth").asInt(), strings(g.get("workstreamOrder")),
				g.get("reportTitle").asString(), "officer", RECORDED);
	}

	/**
	 * The 2017 milestones as {@code milestone.recorded} events with ids {@code seed-1} to
	 * {@code seed-6}, recorded a minute apart in that order.
	 */
	public static List<MilestoneRecorded> milestonesRecorded() {
		List<MilestoneRecorded> events = new ArrayList<>();
		int n = 0;
		for (JsonNode m : JSON.readTree(text(MILESTONES_2017_JSON))) {
			n++;
			Instant at = RECORDED.plusSeconds(60L * n);
			events.add(new MilestoneRecorded(
					new MilestoneSnapshot("seed-" + n, GROUP_ID, 0, MilestoneType.valueOf(m.get("type").asString()),
							m.get("title").asString(), optional(m, "workstream"), optional(m, "date"),
							optional(m, "reportingYear"), optional(m, "description"), strings(m.get("links")),
							strings(m.get("partners")), MilestoneStatus.ACTIVE, null, "officer", at, "officer", at)));
		}
		return events;
	}

	private static String optional(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		if (array != null) {
			array.forEach((value) -> values.add(value.asString()));
		}
		return values;
	}

	static String text(String path) {
		try (InputStream in = KeyCitiesSeed.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("Missing " + path);
			}
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
