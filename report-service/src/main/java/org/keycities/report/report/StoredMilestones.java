package org.keycities.report.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.keycities.activity.events.MilestoneStatus;
import org.keycities.activity.events.MilestoneType;

/**
 * Reads stored milestones straight from their BSON into {@link MilestoneEntry}s, field by
 * field: a report reads every milestone of its group, and decoding each into a
 * {@link Document} first was a third of a report's time (docs/performance.md). They are
 * written only through Spring Data's mapping, which {@code MilestoneEntryMappingTests}
 * holds this reading to.
 */
final class StoredMilestones implements Codec<MilestoneEntry> {

	private static final StoredMilestones CODEC = new StoredMilestones();

	private StoredMilestones() {
	}

	/** The milestones collection, read as {@link MilestoneEntry}s by this codec. */
	static MongoCollection<MilestoneEntry> in(MongoCollection<Document> milestones) {
		return milestones.withDocumentClass(MilestoneEntry.class)
			.withCodecRegistry(
					CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(CODEC), milestones.getCodecRegistry()));
	}

	@Override
	public MilestoneEntry decode(BsonReader reader, DecoderContext context) {
		String id = null;
		String groupId = null;
		long version = 0;
		MilestoneType type = null;
		String title = null;
		String workstream = null;
		String date = null;
		String reportingYear = null;
		String description = null;
		List<String> links = null;
		List<String> partners = null;
		MilestoneStatus status = null;
		Instant recordedAt = null;
		Instant changedAt = null;
		reader.readStartDocument();
		while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
			String name = reader.readName();
			if (reader.getCurrentBsonType() == BsonType.NULL) {
				reader.readNull();
				continue;
			}
			switch (name) {
				case "id" -> id = reader.readString();
				case "groupId" -> groupId = reader.readString();
				case "version" -> version = whole(reader);
				case "type" -> type = MilestoneType.valueOf(reader.readString());
				case "title" -> title = reader.readString();
				case "workstream" -> workstream = reader.readString();
				case "date" -> date = reader.readString();
				case "reportingYear" -> reportingYear = reader.readString();
				case "description" -> description = reader.readString();
				case "links" -> links = strings(reader);
				case "partners" -> partners = strings(reader);
				case "status" -> status = MilestoneStatus.valueOf(reader.readString());
				case "recordedAt" -> recordedAt = Instant.ofEpochMilli(reader.readDateTime());
				case "changedAt" -> changedAt = Instant.ofEpochMilli(reader.readDateTime());
				// _id is derived from the group and the id; _class and fields of later
				// versions are not needed
				default -> reader.skipValue();
			}
		}
		reader.readEndDocument();
		return new MilestoneEntry(null, id, groupId, version, type, title, workstream, date, reportingYear, description,
				links, partners, status, recordedAt, changedAt);
	}

	private static long whole(BsonReader reader) {
		return switch (reader.getCurrentBsonType()) {
			case INT32 -> reader.readInt32();
			case INT64 -> reader.readInt64();
			case DOUBLE -> (long) reader.readDouble();
			default ->
				throw new IllegalStateException("A milestone's version is stored as " + reader.getCurrentBsonType());
		};
	}

	private static List<String> strings(BsonReader reader) {
		List<String> values = new ArrayList<>();
		reader.readStartArray();
		while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
			if (reader.getCurrentBsonType() == BsonType.NULL) {
				reader.readNull();
				values.add(null);
			}
			else {
				values.add(reader.readString());
			}
		}
		reader.readEndArray();
		return values;
	}

	@Override
	public void encode(BsonWriter writer, MilestoneEntry value, EncoderContext context) {
		throw new UnsupportedOperationException("Milestones are written through Spring Data's mapping");
	}

	@Override
	public Class<MilestoneEntry> getEncoderClass() {
		return MilestoneEntry.class;
	}

}
