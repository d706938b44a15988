package org.keycities.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One of the three services, started from its executable jar as its own JVM. */
public final class ServiceProcess {

	/**
	 * What {@code ./start} uses: a small heap and the client compiler only, which starts
	 * quickly on a small machine.
	 */
	static final List<String> QUICK_START = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	private final String name;

	/** 1 for the first instance of a service, 2 for the second, ... */
	private final int instance;

	private final int port;

	private final List<String> arguments = new ArrayList<>();

	private ChildProcess process;

	private Path repository;

	private Path logFile;

	private List<String> jvmOptions = QUICK_START;

	private Instant startedAt;

	private Duration startedIn;

	ServiceProcess(String name, int port, List<String> arguments) {
		this(name, 1, port, arguments);
	}

	private ServiceProcess(String name, int instance, int port, List<String> arguments) {
		this.name = name;
		this.instance = instance;
		this.port = port;
		this.arguments.addAll(arguments);
	}

	void addArguments(List<String> more) {
		this.arguments.addAll(more);
	}

	void jvmOptions(List<String> options) {
		this.jvmOptions = List.copyOf(options);
	}

	/** Another instance of this service, with the same settings, on another port. */
	ServiceProcess replica(int instance, int port) {
		List<String> arguments = new ArrayList<>(this.arguments);
		arguments.replaceAll((argument) -> argument.replace("localhost:" + this.port, "localhost:" + port));
		ServiceProcess replica = new ServiceProcess(this.name, instance, port, arguments);
		replica.jvmOptions(this.jvmOptions);
		return replica;
	}

	/** The service's name, with the instance number from the second instance on. */
	public String instanceName() {
		return this.instance == 1 ? this.name : this.name + "-" + this.instance;
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return "http://localhost:" + this.port;
	}

	void start(Path repository, Path logFile) throws IOException {
		this.repository = repository;
		this.logFile = logFile;
		Path jar = repository.resolve(this.name).resolve("target").resolve(this.name + "-0.1.0-SNAPSHOT-exec.jar");
		if (!Files.exists(jar)) {
			throw new IllegalStateException("Missing " + jar + ": build first with ./mvnw -DskipTests package");
		}
		List<String> command = new ArrayList<>(this.jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + this.port));
		command.addAll(this.arguments);
		this.startedAt = Instant.now();
		this.startedIn = null;
		this.process = ChildProcess.java(command, logFile);
	}

	public void awaitHealthy(Duration timeout) throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(instanceName() + " stopped while starting; see " + this.logFile);
			}
			try {
				HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					this.startedIn = Duration.between(this.startedAt, Instant.now());
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException(
				instanceName() + " was not healthy within " + timeout + "; see " + this.logFile);
	}

	/**
	 * How long the last start took, from launching the JVM to the health check answering
	 * UP; {@code null} until {@link #awaitHealthy(Duration)} has seen it healthy.
	 */
	public Duration startedIn() {
		return this.startedIn;
	}

	/** The operating system's process id of the running JVM. */
	public long pid() {
		return this.process.pid();
	}

	/** Stops the service cleanly (SIGTERM). */
	public void stop() {
		if (this.process != null) {
			this.process.stop();
		}
	}

	/** Ends the service at once, as {@code kill -9} would. */
	public void kill() throws InterruptedException {
		this.process.kill();
	}

	/**
	 * Starts the service again after {@link #stop()} or {@link #kill()}, with the same
	 * settings.
	 */
	public void restart() throws IOException {
		start(this.repository, this.logFile);
	}

}
