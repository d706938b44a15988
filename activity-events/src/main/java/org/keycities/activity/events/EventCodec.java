package org.keycities.activity.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes events as the JSON bodies of topic {@code activity-events} and reads them back,
 * checking each against its JSON Schema first. Producer and consumers share it, so both
 * sides agree on the wire form. Thread-safe.
 */
public final class EventCodec {

	private final JsonMapper mapper = JsonMapper.builder()
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		// adding an optional field is a compatible change: older readers ignore it
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Map<String, Schema> schemas = new HashMap<>();

	public EventCodec() {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
		for (String type : EventTypes.all()) {
			this.schemas.put(type, registry.getSchema(this.mapper.readTree(resource(schemaPath(type)))));
		}
	}

	/** Where the JSON Schema of a type lies on the class path. */
	public static String schemaPath(String type) {
		return "schemas/" + type + ".json";
	}

	/** Where the golden example payload of a type lies on the class path. */
	public static String examplePath(String type) {
		return "examples/" + type + ".json";
	}

	public byte[] write(ActivityEvent event) {
		return this.mapper.writeValueAsBytes(event);
	}

	/**
	 * Reads the body of an event of a known type.
	 * @throws MalformedEventException if the body is not JSON, breaks the type's schema
	 * or cannot be mapped to its record
	 * @throws IllegalArgumentException if the type is unknown; see
	 * {@link EventTypes#isKnown(String)}
	 */
	public ActivityEvent read(String type, byte[] body) {
		Class<? extends ActivityEvent> record = EventTypes.recordOf(type);
		JsonNode tree;
		try {
			tree = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("The body of a " + type + " event is not JSON", ex);
		}
		List<String> violations = violations(type, tree);
		if (!violations.isEmpty()) {
			throw new MalformedEventException("A " + type + " event breaks its schema: " + violations, null);
		}
		try {
			return this.mapper.treeToValue(tree, record);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new MalformedEventException("A " + type + " event cannot be read: " + ex.getMessage(), ex);
		}
	}

	/** What is wrong with a body by the schema of its type; empty when nothing is. */
	public List<String> violations(String type, JsonNode body) {
		Schema schema = this.schemas.get(type);
		if (schema == null) {
			throw new IllegalArgumentException("Unknown event type " + type);
		}
		return schema.validate(body).stream().map(Error::toString).toList();
	}

	public JsonNode tree(byte[] json) {
		return this.mapper.readTree(json);
	}

	/** The event as it is on the wire, read back as a tree. */
	public JsonNode tree(ActivityEvent event) {
		return this.mapper.readTree(write(event));
	}

	private static byte[] resource(String path) {
		try (InputStream in = EventCodec.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("Missing " + path + " on the class path");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The golden example payload of a type, as stored in this module. */
	public static byte[] example(String type) {
		return resource(examplePath(type));
	}

}
