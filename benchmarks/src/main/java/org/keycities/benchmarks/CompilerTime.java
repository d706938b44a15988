package org.keycities.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CPU time the JIT compiler threads of some processes have used, from
 * {@code /proc/<pid>/task/<tid>/stat} (Linux): how the benchmark tells that the services
 * have compiled their hot code and settled. HotSpot names those threads
 * {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>} (the kernel keeps 15
 * characters of a name).
 */
final class CompilerTime {

	private static final String COMPILER = "CompilerThre";

	private final List<Long> pids;

	private final long ticksPerSecond;

	CompilerTime(List<Long> pids, long ticksPerSecond) {
		this.pids = List.copyOf(pids);
		this.ticksPerSecond = ticksPerSecond;
	}

	/** For these processes, in the clock ticks {@code getconf CLK_TCK} gives. */
	static CompilerTime of(List<Long> pids) throws IOException, InterruptedException {
		Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
		String ticks = new String(getconf.getInputStream().readAllBytes()).trim();
		getconf.waitFor();
		return new CompilerTime(pids, ticks.matches("[0-9]+") ? Long.parseLong(ticks) : 100);
	}

	/** Whether this machine has {@code /proc} to read it from. */
	static boolean readable() {
		return Files.isDirectory(Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "task"));
	}

	/** The processes' compiler threads' CPU time (user and system) so far, in ms. */
	long millis() {
		long ticks = 0;
		for (long pid : this.pids) {
			Path tasks = Path.of("/proc", Long.toString(pid), "task");
			try (Stream<Path> threads = Files.list(tasks)) {
				for (Path thread : threads.toList()) {
					ticks += compilerTicks(thread.resolve("stat"));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read the threads of process " + pid, ex);
			}
		}
		return ticks * 1000 / this.ticksPerSecond;
	}

	private static long compilerTicks(Path stat) {
		String line;
		try {
			line = Files.readString(stat);
		}
		catch (IOException ex) {
			// the thread ended meanwhile
			return 0;
		}
		return ticksOf(line);
	}

	/**
	 * A thread's user and system time from its {@code stat} line if it is a compiler
	 * thread, else 0. The name is in brackets and may hold spaces; utime and stime are
	 * the 12th and 13th fields after it.
	 */
	static long ticksOf(String stat) {
		int open = stat.indexOf('(');
		int close = stat.lastIndexOf(')');
		if (open < 0 || close < open || !stat.substring(open + 1, close).contains(COMPILER)) {
			return 0;
		}
		String[] fields = stat.substring(close + 2).trim().split("\\s+");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}
