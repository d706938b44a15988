package org.keycities.activity.events;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventEnvelopeTests {

	@Test
	void carriesTheCloudEventsAttributesNamedInTheDesign() {
		MilestoneRecorded event = (MilestoneRecorded) new EventCodec().read(EventTypes.MILESTONE_RECORDED,
				EventCodec.example(EventTypes.MILESTONE_RECORDED));
		UUID id = UUID.fromString("0b0e2f7c-4a51-4b53-9a1e-1d2c3b4a5f60");

		EventEnvelope envelope = EventEnvelope.of(event, id, Instant.parse("2017-02-09T10:15:30Z"));

		assertThat(envelope.key()).isEqualTo("key-cities");
		assertThat(envelope.headers()).containsExactly(entry("ce_specversion", "1.0"), entry("ce_id", id.toString()),
				entry("ce_source", "/activity-service"),
				entry("ce_type", "org.keycities.activity.milestone.recorded.v1"),
				entry("ce_subject", event.milestone().id()), entry("ce_time", "2017-02-09T10:15:30Z"),
				entry("content-type", "application/json"));
	}

	private static java.util.Map.Entry<String, String> entry(String key, String value) {
		return java.util.Map.entry(key, value);
	}

}
