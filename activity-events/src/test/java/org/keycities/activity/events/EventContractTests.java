package org.keycities.activity.events;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractTests {

	private final EventCodec codec = new EventCodec();

	static Stream<Arguments> events() {
		Instant at = Instant.parse("2017-04-28T11:00:00.123Z");
		MilestoneSnapshot full = new MilestoneSnapshot("m-1", "key-cities", 0, MilestoneType.SUBMISSION,
				"Industrial Strategy report submitted", "Industrial Strategy", "2017-04", null,
				"The report went to the Department for Business, Energy and Industrial Strategy.",
				List.of("https://example.org/report.pdf"), List.of("RSA"), MilestoneStatus.ACTIVE, null, "officer", at,
				"officer", at);
		MilestoneSnapshot bare = new MilestoneSnapshot("m-2", "key-cities", 3, MilestoneType.OTHER, "Bare", null, null,
				"2017/18", null, null, null, null, null, "officer", at, "admin", at);
		MilestoneSnapshot withdrawn = new MilestoneSnapshot("m-3", "key-cities", 2, MilestoneType.EVENT, "Gone", null,
				"2017", null, "", List.of(), List.of(), MilestoneStatus.WITHDRAWN, "Duplicate", "officer", at,
				"officer", at);
		return Stream.of(
				Arguments.of(new GroupChanged("key-cities", 0, "Key Cities Group", "Cllr Paul Watson", "Jill Laverick",
						null, null, null, null, null, null, null, null, 0, null, null, "admin", at)),
				Arguments.of(new GroupChanged("sigoma", 4, "SIGOMA", "Cllr A", "B", "sig@example.org", "Town Hall",
						"0191 000 0000", "https://example.org", List.of("Barnsley"), "Aim", "Roles:", List.of("One"), 4,
						List.of("Finance"), "Title", "admin", at)),
				Arguments.of(new MilestoneRecorded(full)), Arguments.of(new MilestoneRecorded(bare)),
				Arguments.of(new MilestoneAmended(full)), Arguments.of(new MilestoneWithdrawn(withdrawn)));
	}

	@ParameterizedTest
	@MethodSource("events")
	void eachRecordSerialisesToJsonValidAgainstItsSchema(ActivityEvent event) {
		JsonNode json = this.codec.tree(this.codec.write(event));

		assertThat(this.codec.violations(event.eventType(), json)).isEmpty();
		assertThat(this.codec.read(event.eventType(), this.codec.write(event))).isEqualTo(event);
	}

	@ParameterizedTest
	@MethodSource("events")
	void serialisedFieldsAreExactlyTheOnesTheSchemaDeclares(ActivityEvent event) {
		JsonNode schema = this.codec.tree(resource(EventCodec.schemaPath(event.eventType())));
		JsonNode json = this.codec.tree(this.codec.write(event));
		if (event instanceof GroupChanged) {
			assertThat(schema.get("properties").propertyNames()).containsAll(json.propertyNames());
		}
		else {
			JsonNode milestone = schema.get("$defs").get("milestone");
			assertThat(json.propertyNames()).containsExactly("milestone");
			assertThat(milestone.get("properties").propertyNames()).containsAll(json.get("milestone").propertyNames());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { EventTypes.GROUP_CHANGED, EventTypes.MILESTONE_RECORDED, EventTypes.MILESTONE_AMENDED,
			EventTypes.MILESTONE_WITHDRAWN })
	void eachGoldenPayloadIsValidAndReadsBackUnchanged(String type) {
		byte[] golden = EventCodec.example(type);

		assertThat(this.codec.violations(type, this.codec.tree(golden))).isEmpty();
		ActivityEvent event = this.codec.read(type, golden);
		assertThat(event).isInstanceOf(EventTypes.recordOf(type));
		assertThat(event.eventType()).isEqualTo(type);
		assertThat(this.codec.tree(event)).isEqualTo(this.codec.tree(golden));
	}

	@Test
	void goldenPayloadsCarryTheAggregateIdAndVersion() {
		ActivityEvent recorded = this.codec.read(EventTypes.MILESTONE_RECORDED,
				EventCodec.example(EventTypes.MILESTONE_RECORDED));
		ActivityEvent withdrawn = this.codec.read(EventTypes.MILESTONE_WITHDRAWN,
				EventCodec.example(EventTypes.MILESTONE_WITHDRAWN));

		assertThat(recorded.subject()).isEqualTo(withdrawn.subject());
		assertThat(recorded.groupOf()).isEqualTo("key-cities");
		assertThat(withdrawn.aggregateVersion()).isGreaterThan(recorded.aggregateVersion());
	}

	@Test
	void bodyThatIsNotJsonIsMalformed() {
		assertThatThrownBy(() -> this.codec.read(EventTypes.MILESTONE_RECORDED, "{not json".getBytes()))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("not JSON");
	}

	@Test
	void bodyThatBreaksItsSchemaIsMalformed() {
		ObjectNode body = (ObjectNode) this.codec.tree(EventCodec.example(EventTypes.MILESTONE_RECORDED));
		((ObjectNode) body.get("milestone")).put("type", "PARTY");
		((ObjectNode) body.get("milestone")).remove("title");

		assertThatThrownBy(() -> this.codec.read(EventTypes.MILESTONE_RECORDED, body.toString().getBytes()))
			.isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("title")
			.hasMessageContaining("type");
	}

	@Test
	void unknownOptionalFieldsAreIgnoredForForwardCompatibility() {
		ObjectNode body = (ObjectNode) this.codec.tree(EventCodec.example(EventTypes.MILESTONE_AMENDED));
		((ObjectNode) body.get("milestone")).put("audience", "everyone");

		ActivityEvent event = this.codec.read(EventTypes.MILESTONE_AMENDED, body.toString().getBytes());

		assertThat(event)
			.isEqualTo(this.codec.read(EventTypes.MILESTONE_AMENDED, EventCodec.example(EventTypes.MILESTONE_AMENDED)));
	}

	@Test
	void linkThatIsNotHttpBreaksTheSchema() {
		ObjectNode body = (ObjectNode) this.codec.tree(EventCodec.example(EventTypes.MILESTONE_RECORDED));
		((ObjectNode) body.get("milestone")).putArray("links").add("javascript:alert(1)");

		assertThat(this.codec.violations(EventTypes.MILESTONE_RECORDED, body)).isNotEmpty();
	}

	@Test
	void unknownTypeIsRecognisedAsSuch() {
		assertThat(EventTypes.isKnown("org.keycities.activity.milestone.recorded.v2")).isFalse();
		assertThat(EventTypes.isKnown(EventTypes.MILESTONE_RECORDED)).isTrue();
		assertThatThrownBy(() -> this.codec.read("org.example.other", "{}".getBytes()))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static byte[] resource(String path) {
		try (var in = EventContractTests.class.getClassLoader().getResourceAsStream(path)) {
			return in.readAllBytes();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
