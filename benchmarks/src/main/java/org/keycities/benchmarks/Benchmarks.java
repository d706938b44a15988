package org.keycities.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.keycities.benchmarks.Results.Figure;
import org.keycities.localstack.LocalStack;
import org.keycities.localstack.StackPorts;

/**
 * Runs the benchmarks against a local stack of its own (fresh stores, free ports) and
 * writes {@code docs/benchmarks.md}. Run by {@code ./benchmark} from the repository root:
 * {@code ./benchmark [--runs N] [--jvm-options "..."] [--only LETTERS]}.
 */
public final class Benchmarks {

	static final String DEFAULT_JVM_OPTIONS = "-Xmx512m";

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		Path repository = Path.of(System.getProperty("tracker.repository", ".")).toAbsolutePath().normalize();
		int runs = 3;
		String jvmOptions = null;
		String only = Scenarios.ALL;
		Settings settings = Settings.full();
		Path out = repository.resolve("docs").resolve("benchmarks.md");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--runs" -> runs = Integer.parseInt(args[++i]);
				case "--jvm-options" -> jvmOptions = args[++i];
				case "--out" -> out = Path.of(args[++i]);
				case "--smoke" -> settings = Settings.smoke();
				case "--only" -> only = Scenarios.only(args[++i]);
				default -> throw new IllegalArgumentException("Unknown option " + args[i]
						+ "; use --runs N, --jvm-options \"...\", --smoke, --only LETTERS or --out FILE");
			}
		}
		Path local = repository.resolve("benchmarks").resolve("target").resolve("stack");
		delete(local);
		LocalStack stack = new LocalStack(repository, local, StackPorts.random(), System.out);
		// as the Dockerfile runs them (the JVM's own choice of compiler and collector),
		// with a heap that fits three services on a small machine; not ./start's
		// quick-start options, which give up the optimising compiler
		stack.withJvmOptions((jvmOptions != null ? jvmOptions : DEFAULT_JVM_OPTIONS).trim().split("\\s+"));
		String command = "./benchmark" + (runs == 3 ? "" : " --runs " + runs)
				+ (settings.equals(Settings.full()) ? "" : " --smoke")
				+ (jvmOptions == null ? "" : " --jvm-options \"" + jvmOptions + "\"")
				+ (only.equals(Scenarios.ALL) ? "" : " --only " + only);
		// Ctrl-C stops the stack's processes too
		Thread stopper = new Thread(stack::stop, "benchmark-stop");
		Runtime.getRuntime().addShutdownHook(stopper);
		try {
			stack.start();
			Results results = measure(stack, settings, runs, only, System.out);
			String markdown = BenchmarkReport.markdown(results, runs, command, String.join(" ", stack.jvmOptions()));
			BenchmarkReport.write(out, markdown);
			System.out.println();
			System.out.println(markdown);
			System.out.println("Written to " + out);
		}
		finally {
			Runtime.getRuntime().removeShutdownHook(stopper);
			stack.stop();
		}
		System.exit(0);
	}

	/**
	 * A few seconds of every scenario against a running stack, only to prove that the
	 * harness works; returns the report it would write.
	 */
	public static String smoke(LocalStack stack, PrintStream log) throws Exception {
		Results results = measure(stack, Settings.smoke(), 1, Scenarios.ALL, log);
		return BenchmarkReport.markdown(results, 1, "Benchmarks.smoke", String.join(" ", stack.jvmOptions()));
	}

	/**
	 * @param only the letters of the scenarios to run (see {@link Scenarios#ALL}); the
	 * baselines run every time
	 */
	static Results measure(LocalStack stack, Settings settings, int runs, String only, PrintStream log)
			throws Exception {
		Results results = new Results();
		Baselines baselines = new Baselines(stack, settings, results, log);
		Scenarios scenarios = new Scenarios(stack, settings, results, log);
		// the smoke proves the harness, and is not worth warming up for
		Scenarios warmUp = settings.equals(Settings.full())
				? new Scenarios(stack, Settings.warmUp(), new Results(), log) : null;
		for (int run = 1; run <= runs; run++) {
			log.println("Run " + run + " of " + runs + ": baselines");
			baselines.run();
			scenarios.run(run, only, warmUp);
		}
		List<String> unmeasured = new ArrayList<>();
		for (Figure figure : results.figures()) {
			int measured = results.values(figure.key()).size();
			// a scenario left out by --only measures nothing, and is left out of the
			// report
			if (measured != runs && (measured > 0 || only.equals(Scenarios.ALL))) {
				unmeasured.add(figure.key());
			}
		}
		if (!unmeasured.isEmpty()) {
			throw new IllegalStateException("Not measured in every run: " + unmeasured);
		}
		return results;
	}

	private static void delete(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
