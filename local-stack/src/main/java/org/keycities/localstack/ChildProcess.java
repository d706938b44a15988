package org.keycities.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM started by the launcher, its output appended to a log file. */
final class ChildProcess {

	private final Process process;

	private ChildProcess(Process process) {
		this.process = process;
	}

	static ChildProcess java(List<String> arguments, Path logFile) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
		return new ChildProcess(builder.start());
	}

	/** The launcher's own class path: its jar and {@code target/lib/*}. */
	static String classPath() {
		return System.getProperty("java.class.path");
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	int waitFor() throws InterruptedException {
		return this.process.waitFor();
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Asks the process to stop (SIGTERM, so Spring and Kafka shut down cleanly), then
	 * insists.
	 */
	void stop() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Ends the process at once, as {@code kill -9} would: no shutdown hooks, no clean-up.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
	}

}
