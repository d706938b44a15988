import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What one JVM allocated over a window of a JFR recording: the weight of the
 * {@code jdk.ObjectAllocationSample} events between two times (UTC, today), by thread, by
 * package of the first frame outside the JDK, by class allocated and by that frame's
 * method. The measurement behind docs/performance.md's sixteenth round (the benchmark's
 * own JVM, which runs the local stack's MongoDB and SMTP servers):
 *
 * <pre>
 * java -Xmx3g -XX:StartFlightRecording=dumponexit=true,filename=/tmp/bench.jfr,settings=profile ... Benchmarks --only ab --runs 1
 * java benchmarks/tools/AllocTop.java /tmp/bench.jfr 14:10:15 14:11:15
 * </pre>
 */
public class AllocTop {

	public static void main(String[] args) throws Exception {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		Instant from = LocalTime.parse(args[1]).atDate(today).toInstant(ZoneOffset.UTC);
		Instant to = LocalTime.parse(args[2]).atDate(today).toInstant(ZoneOffset.UTC);
		Map<String, Long> threads = new HashMap<>();
		Map<String, Long> packages = new HashMap<>();
		Map<String, Long> classes = new HashMap<>();
		Map<String, Long> methods = new HashMap<>();
		long total = 0;
		try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				if (!event.getEventType().getName().equals("jdk.ObjectAllocationSample")
						|| event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
					continue;
				}
				long weight = event.getLong("weight");
				total += weight;
				RecordedThread thread = event.getThread("eventThread");
				String name = (thread != null && thread.getJavaName() != null) ? thread.getJavaName() : "?";
				threads.merge(name.replaceAll("[0-9]+", "#"), weight, Long::sum);
				classes.merge(event.getClass("objectClass").getName(), weight, Long::sum);
				String method = "(the JDK only)";
				String pkg = method;
				RecordedStackTrace stack = event.getStackTrace();
				for (RecordedFrame frame : (stack != null) ? stack.getFrames() : List.<RecordedFrame>of()) {
					String type = frame.getMethod().getType().getName();
					if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
						String[] parts = type.split("\\.");
						pkg = (parts.length > 3) ? String.join(".", parts[0], parts[1], parts[2]) : type;
						method = type + "." + frame.getMethod().getName();
						break;
					}
				}
				packages.merge(pkg, weight, Long::sum);
				methods.merge(method, weight, Long::sum);
			}
		}
		System.out.printf("%.1f MB allocated%n", total / 1e6);
		print("by thread", threads);
		print("by package of the first frame outside the JDK", packages);
		print("by class allocated", classes);
		print("by the first method outside the JDK", methods);
	}

	private static void print(String title, Map<String, Long> weights) {
		System.out.println(title + ":");
		weights.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(14)
			.forEach((entry) -> System.out.printf("  %8.1f MB  %s%n", entry.getValue() / 1e6, entry.getKey()));
	}

}
