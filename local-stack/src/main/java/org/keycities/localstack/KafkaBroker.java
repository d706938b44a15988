package org.keycities.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (KRaft, one node as broker and controller) run from the
 * Maven Central jars on this module's class path, as its own JVM. Its log directory lives
 * under {@code .local/kafka}, so topics and consumer offsets survive restarts.
 */
public final class KafkaBroker {

	private final Path home;

	private final int port;

	private final int controllerPort;

	private ChildProcess process;

	private Path logFile;

	KafkaBroker(Path home, int port, int controllerPort) {
		this.home = home;
		this.port = port;
		this.controllerPort = controllerPort;
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** Starts the broker, formatting its log directory on first use. */
	public void start(Path logFile) throws IOException, InterruptedException {
		this.logFile = logFile;
		Path config = writeConfig();
		Path data = this.home.resolve("data");
		if (!Files.exists(data.resolve("meta.properties"))) {
			ChildProcess format = ChildProcess
				.java(List.of("-Xmx256m", "-cp", ChildProcess.classPath(), "kafka.tools.StorageTool", "format",
						"--standalone", "-t", Uuid.randomUuid().toString(), "-c", config.toString()), logFile);
			if (format.waitFor() != 0) {
				throw new IllegalStateException("Could not format the Kafka log directory; see " + logFile);
			}
		}
		this.process = ChildProcess.java(List.of("-Xmx512m", "-XX:+UseSerialGC", "-cp", ChildProcess.classPath(),
				"kafka.Kafka", config.toString()), logFile);
	}

	public void awaitReady(java.time.Duration timeout) throws InterruptedException {
		Ports.awaitListening(this.port, timeout, this.process, "Kafka");
	}

	/** Starts the broker again after {@link #stop()}, with its data. */
	public void restart() throws IOException, InterruptedException {
		start(this.logFile);
		awaitReady(java.time.Duration.ofSeconds(60));
	}

	public void stop() {
		if (this.process != null) {
			this.process.stop();
		}
	}

	private Path writeConfig() throws IOException {
		Files.createDirectories(this.home);
		Path config = this.home.resolve("server.properties");
		String listeners = "PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + this.controllerPort;
		Files.writeString(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
				"controller.quorum.bootstrap.servers=127.0.0.1:" + this.controllerPort, "listeners=" + listeners,
				"advertised.listeners=PLAINTEXT://127.0.0.1:" + this.port, "controller.listener.names=CONTROLLER",
				"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
				"inter.broker.listener.name=PLAINTEXT", "log.dirs=" + this.home.resolve("data").toAbsolutePath(),
				"num.partitions=3", "auto.create.topics.enable=true", "offsets.topic.replication.factor=1",
				"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
				"group.initial.rebalance.delay.ms=0", ""));
		return config;
	}

}
