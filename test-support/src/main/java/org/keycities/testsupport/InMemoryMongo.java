package org.keycities.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points {@code spring.mongodb.uri} at a MongoDB wire-protocol server (mongo-java-server,
 * in memory) on a random loopback port, one per test JVM. Use it with
 * {@code @ContextConfiguration(initializers = InMemoryMongo.class)}. It has no
 * multi-document transactions, no TTL expiry and ignores non-unique secondary indexes, so
 * code under test must not rely on them.
 */
public class InMemoryMongo implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static MongoServer server;

	/** The connection string of the shared server, starting it on first use. */
	public static synchronized String connectionString() {
		if (server == null) {
			server = new MongoServer(new MemoryBackend());
			server.bind("127.0.0.1", 0);
			Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "in-memory-mongo-stop"));
		}
		return server.getConnectionString();
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues.of("spring.mongodb.uri=" + connectionString()).applyTo(context);
	}

}
