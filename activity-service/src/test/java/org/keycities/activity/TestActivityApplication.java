package org.keycities.activity;

import java.io.IOException;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.keycities.activity.events.EventTypes;

import org.springframework.boot.SpringApplication;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * activity-service alone on a laptop, with no Docker: a real Kafka broker (KRaft) in this
 * JVM at 127.0.0.1:9092 and an in-memory MongoDB server at 127.0.0.1:27017, then the
 * service on port 8081. From the repository root:
 * {@code ./mvnw -pl activity-service -am -Dspring-boot.run.skip=true spring-boot:test-run}.
 * Everything is in memory and gone when it stops.
 */
public final class TestActivityApplication {

	static final int KAFKA_PORT = 9092;

	static final int MONGO_PORT = 27017;

	private TestActivityApplication() {
	}

	public static void main(String[] args) throws IOException {
		MongoServer mongo = new MongoServer(new MemoryBackend());
		mongo.bind("127.0.0.1", MONGO_PORT);
		// the KRaft broker of spring-kafka-test listens on a port of its own choosing, so
		// it
		// advertises 9092 and a forwarder there hands every connection on to it
		KafkaAddress address = new KafkaAddress(KAFKA_PORT);
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1, EventTypes.TOPIC);
		kafka.brokerProperty("advertised.listeners", "EXTERNAL://127.0.0.1:" + KAFKA_PORT);
		address.forwardTo(kafka::getBrokersAsString);
		kafka.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			kafka.destroy();
			address.close();
			mongo.shutdownNow();
		}, "local-infrastructure-stop"));
		SpringApplication.run(ActivityApplication.class, args);
	}

}
