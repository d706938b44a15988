package org.keycities.testsupport;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points {@code spring.mongodb.uri} at a MongoDB wire-protocol server (mongo-java-server,
 * in memory) on a random loopback port, one per test JVM. Use it with
 * {@code @ContextConfiguration(initializers = InMemoryMongo.class)}. It has no
 * multi-document transactions, no TTL expiry and ignores non-unique secondary indexes, so
 * code under test must not rely on them. A test can have it refuse one command
 * ({@link #refuseNext}), as a server that fails a write would, or cut off every
 * connection that asks anything of one database for a while ({@link #outage}), as an
 * unreachable server would.
 */
public class InMemoryMongo implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static MongoServer server;

	/** Which command to refuse next, given its name and body; null for none. */
	private static final AtomicReference<Predicate<Map<String, Object>>> refuse = new AtomicReference<>();

	/** The database that is unreachable now; null for none. */
	private static volatile String unreachable;

	/** The connection string of the shared server, starting it on first use. */
	public static synchronized String connectionString() {
		if (server == null) {
			server = new MongoServer(new RefusingBackend());
			server.bind("127.0.0.1", 0);
			// no shutdown hook of its own: it would stop the server while Spring's hook
			// closes the test contexts, and a sweep running then waited 30 s for a server
			// to select, past Surefire's wait for the fork to exit; it ends with the JVM
		}
		return server.getConnectionString();
	}

	/**
	 * Refuses the next command whose body (the command's name is its first key, e.g.
	 * {@code update} with the collection as its value) matches, with an error as a server
	 * answers a write it cannot make; every command after it is served. Returns at once.
	 */
	public static void refuseNext(Predicate<Map<String, Object>> command) {
		refuse.set(command);
	}

	/**
	 * Whether the command {@link #refuseNext} was given is still waiting to be refused.
	 */
	public static boolean refusalPending() {
		return refuse.get() != null;
	}

	/**
	 * Until the outage is closed, every command on the database is answered by closing
	 * its connection, which the driver reports as a socket failure (Spring's
	 * {@code DataAccessResourceFailureException}). The server's own commands (on
	 * {@code admin}) still answer, so the driver keeps finding the server.
	 */
	public static Outage outage(String database) {
		unreachable = database;
		return () -> unreachable = null;
	}

	/** An outage in progress; closing it ends it. */
	public interface Outage extends AutoCloseable {

		@Override
		void close();

	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues.of("spring.mongodb.uri=" + connectionString()).applyTo(context);
	}

	private static final class RefusingBackend extends MemoryBackend {

		@Override
		public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
			if (databaseName.equals(unreachable)) {
				channel.close();
				throw new MongoServerError(6, "HostUnreachable", "Cut off by the test: " + command);
			}
			Predicate<Map<String, Object>> refusing = refuse.get();
			if (refusing != null && refusing.test(query) && refuse.compareAndSet(refusing, null)) {
				throw new MongoServerError(8, "UnknownError", "Refused by the test: " + command);
			}
			return super.handleCommand(channel, databaseName, command, query);
		}

	}

}
