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

	private final String name;

	private final int port;

	private final List<String> arguments = new ArrayList<>();

	private ChildProcess process;

	private Path repository;

	private Path logFile;

	ServiceProcess(String name, int port, List<String> arguments) {
		this.name = name;
		this.port = port;
		this.arguments.addAll(arguments);
	}

	void addArguments(List<String> more) {
		this.arguments.addAll(more);
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
		List<String> command = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-jar", jar.toString(), "--server.port=" + this.port));
		command.addAll(this.arguments);
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
				throw new IllegalStateException(
						this.name + " stopped while starting; see .local/logs/" + this.name + ".log");
			}
			try {
				HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException(
				this.name + " was not healthy within " + timeout + "; see .local/logs/" + this.name + ".log");
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
