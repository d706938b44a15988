import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of each process, by thread name, over a scenario of a running ./benchmark: the
 * measurement behind docs/performance.md's ninth round. Follows the benchmark's output
 * and reads /proc (Linux only) when a line holding the start text appears and again when
 * one holding the end text does, as often as they appear:
 *
 * <pre>
 * ./benchmark --only ab --runs 2 --out /tmp/ab.md > /tmp/ab.log &amp;
 * # once the services are up:
 * java benchmarks/tools/ScenarioCpu.java /tmp/ab.log "every event read by every service" \
 *   "all in the report and emailed" $(pgrep -f activity-service/target) $(pgrep -f report-service/target) \
 *   $(pgrep -f notification-service/target) $(pgrep -f benchmarks.Benchmarks) $(pgrep -f kafka.Kafka)
 * </pre>
 *
 * Numbers in thread names are shown as #, so a pool's threads add up. The total is the
 * process's, read from its own stat; the CPU of threads that ended before the window's end
 * (such as the benchmark's ingestion clients) is in it and shown as "ended threads".
 */
public class ScenarioCpu {

	/** The key of a process's own total in a snapshot. */
	private static final String PROCESS = "";

	public static void main(String[] args) throws Exception {
		Path log = Path.of(args[0]);
		String start = args[1];
		String end = args[2];
		List<String> pids = List.of(args).subList(3, args.length);
		long ticks = Long.parseLong(new String(new ProcessBuilder("getconf", "CLK_TCK").start()
			.getInputStream()
			.readAllBytes()).trim());
		int seen = 0;
		Map<String, Map<String, Long>> before = null;
		long startedAt = 0;
		while (true) {
			List<String> lines = Files.readAllLines(log);
			for (String line : lines.subList(seen, lines.size())) {
				if (line.contains(start)) {
					before = snapshot(pids);
					startedAt = System.nanoTime();
				}
				else if (line.contains(end) && before != null) {
					Map<String, Map<String, Long>> after = snapshot(pids);
					System.out.printf("%.1f s: %s%n", (System.nanoTime() - startedAt) / 1e9, line.strip());
					for (String pid : pids) {
						print(pid, before.get(pid), after.get(pid), ticks);
					}
					before = null;
				}
				if (line.startsWith("Written to")) {
					return;
				}
			}
			seen = lines.size();
			Thread.sleep(300);
		}
	}

	private static void print(String pid, Map<String, Long> before, Map<String, Long> after, long ticks) {
		Map<String, Long> byName = new TreeMap<>();
		after.forEach((thread, cpu) -> {
			if (!thread.equals(PROCESS)) {
				String name = thread.substring(thread.indexOf(' ') + 1).replaceAll("[0-9]+", "#");
				byName.merge(name, cpu - before.getOrDefault(thread, 0L), Long::sum);
			}
		});
		long total = after.get(PROCESS) - before.get(PROCESS);
		byName.put("ended threads", total - byName.values().stream().mapToLong(Long::longValue).sum());
		StringBuilder top = new StringBuilder();
		byName.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(10)
			.forEach((e) -> top.append(", ").append(e.getKey()).append(' ').append(e.getValue() * 1000 / ticks));
		System.out.printf("  %s %d ms: %s%n", pid, total * 1000 / ticks, top.substring(2));
	}

	/** Per process, "tid name" to user plus system CPU ticks, and {@link #PROCESS}. */
	private static Map<String, Map<String, Long>> snapshot(List<String> pids) throws IOException {
		Map<String, Map<String, Long>> all = new HashMap<>();
		for (String pid : pids) {
			Map<String, Long> threads = new HashMap<>();
			threads.put(PROCESS, ticks(Files.readString(Path.of("/proc", pid, "stat"))));
			try (Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
				for (Path task : tasks.toList()) {
					try {
						String stat = Files.readString(task.resolve("stat"));
						String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
						threads.put(task.getFileName() + " " + name, ticks(stat));
					}
					catch (IOException | RuntimeException ex) {
						// the thread ended meanwhile
					}
				}
			}
			all.put(pid, threads);
		}
		return all;
	}

	/** User plus system CPU ticks from a stat line of /proc. */
	private static long ticks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}
