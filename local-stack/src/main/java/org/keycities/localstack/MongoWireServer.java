package org.keycities.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The MongoDB wire-protocol server (mongo-java-server with {@link SortedIndexH2Backend})
 * as a JVM of its own, as the Kafka broker is. Its collector then stops only the
 * database: in the launcher's JVM each of its young-generation pauses (60-220 ms under
 * the benchmark's load) also stopped the SMTP server and the benchmark's clients. Its
 * data is one H2 file, which a stop (SIGTERM) closes cleanly.
 */
public final class MongoWireServer {

	/**
	 * The heap holds H2's page cache and the documents in flight; the data is on disk.
	 */
	static final List<String> JVM_OPTIONS = List.of("-Xmx1g");

	private final Path file;

	private final int port;

	private ChildProcess process;

	MongoWireServer(Path file, int port) {
		this.file = file;
		this.port = port;
	}

	void start(Path logFile) throws IOException {
		List<String> arguments = new ArrayList<>(JVM_OPTIONS);
		arguments.addAll(List.of("-cp", ChildProcess.classPath(), MongoWireServer.class.getName(), this.file.toString(),
				Integer.toString(this.port)));
		this.process = ChildProcess.java(arguments, logFile);
	}

	void awaitReady(Duration timeout) throws InterruptedException {
		Ports.awaitListening(this.port, timeout, this.process, "The MongoDB server");
	}

	/** Its process id, for tools that measure each process of the stack. */
	public long pid() {
		return this.process.pid();
	}

	void stop() {
		if (this.process != null) {
			this.process.stop();
		}
	}

	/**
	 * Serves the H2 file {@code args[0]} on 127.0.0.1, port {@code args[1]}, until the
	 * process is asked to stop.
	 */
	public static void main(String[] args) throws InterruptedException {
		MongoServer server = new MongoServer(new SortedIndexH2Backend(args[0]));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			// closing the H2 backend writes the last changes to the file
			server.shutdown();
			stopped.countDown();
		}, "mongo-server-shutdown"));
		server.bind("127.0.0.1", Integer.parseInt(args[1]));
		System.out.println("MongoDB wire-protocol server on 127.0.0.1:" + args[1] + ", data in " + args[0]);
		stopped.await();
	}

}
