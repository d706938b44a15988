import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What the threads of one service did over a window of a JFR recording: the execution
 * samples taken between two times (UTC, today) on threads whose names start with the
 * prefix, counted by the package and the method on top of the stack, and by each of our
 * own methods anywhere in it (inclusive). The measurement behind docs/performance.md's
 * fourteenth round:
 *
 * <pre>
 * java benchmarks/tools/JfrTop.java /tmp/jfr/hotspot-pid-123.jfr 08:05:35 08:06:05 email-sender
 * </pre>
 */
public class JfrTop {

	public static void main(String[] args) throws Exception {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		Instant from = LocalTime.parse(args[1]).atDate(today).toInstant(ZoneOffset.UTC);
		Instant to = LocalTime.parse(args[2]).atDate(today).toInstant(ZoneOffset.UTC);
		String prefix = (args.length > 3) ? args[3] : "";
		Map<String, Integer> threads = new HashMap<>();
		Map<String, Integer> packages = new HashMap<>();
		Map<String, Integer> methods = new HashMap<>();
		Map<String, Integer> ours = new HashMap<>();
		int samples = 0;
		try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample")
						|| event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
					continue;
				}
				RecordedThread thread = event.getThread("sampledThread");
				String name = (thread != null && thread.getJavaName() != null) ? thread.getJavaName() : "?";
				threads.merge(name.replaceAll("[0-9]+", "#"), 1, Integer::sum);
				if (!name.startsWith(prefix) || event.getStackTrace() == null
						|| event.getStackTrace().getFrames().isEmpty()) {
					continue;
				}
				samples++;
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				RecordedMethod top = frames.get(0).getMethod();
				String[] parts = top.getType().getName().split("\\.");
				packages.merge((parts.length > 3) ? String.join(".", parts[0], parts[1], parts[2])
						: top.getType().getName(), 1, Integer::sum);
				methods.merge(top.getType().getName() + "." + top.getName(), 1, Integer::sum);
				Set<String> seen = new HashSet<>();
				for (RecordedFrame frame : frames) {
					String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
					if (method.startsWith("org.keycities") && seen.add(method)) {
						ours.merge(method, 1, Integer::sum);
					}
				}
			}
		}
		System.out.println(samples + " samples of threads named " + prefix + "*");
		print("samples by thread (all threads)", threads, 12, 0);
		print("on top of the stack, by package", packages, 20, samples);
		print("on top of the stack, by method", methods, 25, samples);
		print("our methods anywhere in the stack", ours, 40, samples);
	}

	private static void print(String title, Map<String, Integer> counts, int limit, int samples) {
		System.out.println("== " + title);
		counts.entrySet()
			.stream()
			.sorted((a, b) -> b.getValue() - a.getValue())
			.limit(limit)
			.forEach((entry) -> System.out.printf("%6d %5.1f%% %s%n", entry.getValue(),
					(samples == 0) ? 0 : 100.0 * entry.getValue() / samples, entry.getKey()));
	}

}
