package org.keycities.intake;

import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycities.testsupport.InMemoryMongo;

import org.springframework.dao.DataAccessException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InsertsTests {

	final MongoClient client = MongoClients.create(InMemoryMongo.connectionString());

	final MongoTemplate mongo = new MongoTemplate(this.client, "intake-inserts");

	@AfterEach
	void dropAndClose() {
		this.mongo.dropCollection(Thing.class);
		this.client.close();
	}

	@Test
	void insertsWhatIsFreeAndTellsWhichKeysWereTaken() {
		this.mongo.insert(new Thing("b", "held before"));

		List<Thing> inserted = Inserts.ifAbsent(this.mongo,
				List.of(new Thing("a", "new"), new Thing("b", "again"), new Thing("c", "new")), Thing.class);

		assertThat(inserted).extracting(Thing::id).containsExactly("a", "c");
		assertThat(this.mongo.findById("b", Thing.class).name()).isEqualTo("held before");
		assertThat(this.mongo.findAll(Thing.class)).extracting(Thing::id).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(Inserts.held(this.mongo, List.of(new Thing("d", "new"), new Thing("a", "again")), Thing.class))
			.extracting(Thing::id)
			.containsExactly("a");
	}

	@Test
	void driverDocumentsGoInAsTheyAreBesideMappedEntities() {
		List<Object> documents = List.of(new Document("_id", "x").append("name", "written by hand"),
				new Thing("y", "mapped"), new Document("_id", "x").append("name", "same key"));

		assertThat(Inserts.insertFree(this.mongo, Thing.class, documents)).containsExactly(2);

		assertThat(this.mongo.findById("x", Thing.class).name()).isEqualTo("written by hand");
		assertThat(this.mongo.findById("y", Thing.class).name()).isEqualTo("mapped");
	}

	@Test
	void aFailureOtherThanATakenKeyIsThrown() {
		InMemoryMongo.refuseNext((command) -> "things".equals(command.get("insert")));

		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> Inserts.insertFree(this.mongo, Thing.class, List.of(new Thing("z", "refused"))));
		assertThat(this.mongo.findById("z", Thing.class)).isNull();
	}

	@Test
	void nothingToInsertAsksNothing() {
		InMemoryMongo.refuseNext((command) -> "things".equals(command.get("insert")));

		assertThat(Inserts.insertFree(this.mongo, Thing.class, List.of())).isEmpty();
		assertThat(InMemoryMongo.refusalPending()).isTrue();
		InMemoryMongo.refuseNext(null);
	}

	@org.springframework.data.mongodb.core.mapping.Document("things")
	record Thing(@Id String id, String name) {
	}

}
