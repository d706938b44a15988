import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CPU time each process spends per milestone recorded, with nothing else running: the
 * measurement behind docs/performance.md's fifth round. Against a stack started by
 * {@code ./start --fresh} (Linux only: reads /proc):
 *
 * <pre>
 * java benchmarks/tools/CpuPerMilestone.java http://localhost:8081 cpu-check 16 3000 6000 \
 *   $(pgrep -f activity-service/target) $(pgrep -f report-service/target) \
 *   $(pgrep -f notification-service/target) $(pgrep -f org.keycities.localstack.LocalStack)
 * </pre>
 *
 * Arguments: activity-service's address, a new group's id, concurrent clients, milestones
 * to warm up with, milestones measured, then the process ids to measure. Each phase waits
 * a few seconds after its last request, so the relay and the consumers finish its events.
 */
public class CpuPerMilestone {

	private static final String DESCRIPTION = "A meeting of the group's members with partners to agree the next"
			+ " steps of the programme of work for the year ahead, and to hear from the Local Government Association.";

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String group = args[1];
		int clients = Integer.parseInt(args[2]);
		int warmUp = Integer.parseInt(args[3]);
		int measured = Integer.parseInt(args[4]);
		long[] pids = Arrays.stream(args, 5, args.length).mapToLong(Long::parseLong).toArray();
		HttpClient http = HttpClient.newHttpClient();
		String officer = "Basic " + Base64.getEncoder().encodeToString("officer:officer".getBytes(StandardCharsets.UTF_8));
		HttpRequest create = HttpRequest.newBuilder(URI.create(base + "/api/groups"))
			.header("Authorization", officer)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"id": "%s", "name": "CPU check %s", "leadMember": "Cllr A. Member", "leadOfficer": "A. Officer"}"""
				.formatted(group, group)))
			.build();
		System.out.println("group created: " + http.send(create, HttpResponse.BodyHandlers.ofString()).statusCode());
		phase("warm-up", http, officer, base, group, clients, warmUp, pids, 2);
		phase("measured", http, officer, base, group, clients, measured, pids, 8);
	}

	private static void phase(String name, HttpClient http, String officer, String base, String group, int clients,
			int count, long[] pids, int settleSeconds) throws Exception {
		AtomicInteger next = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		long[] before = new long[pids.length];
		for (int i = 0; i < pids.length; i++) {
			before[i] = cpuTicks(pids[i]);
		}
		long start = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		for (int c = 0; c < clients; c++) {
			pool.submit(() -> {
				for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
					HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/api/groups/" + group + "/milestones"))
						.header("Authorization", officer)
						.header("Content-Type", "application/json")
						.header("Idempotency-Key", UUID.randomUUID().toString())
						.POST(HttpRequest.BodyPublishers.ofString("""
								{"type": "MEETING", "title": "CPU check %d", "workstream": "Benchmarks", "date": "2019-05-01",
								 "description": "%s", "links": ["https://example.org/benchmarks"],
								 "partners": ["Local Government Association"]}""".formatted(n, DESCRIPTION)))
						.build();
					try {
						if (http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode() != 201) {
							errors.incrementAndGet();
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
				}
				return null;
			});
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.HOURS);
		double seconds = (System.nanoTime() - start) / 1e9;
		Thread.sleep(settleSeconds * 1000L);
		StringBuilder perProcess = new StringBuilder();
		for (int i = 0; i < pids.length; i++) {
			// clock ticks of 10 ms
			perProcess.append(String.format(" %d: %.2f ms", pids[i], (cpuTicks(pids[i]) - before[i]) * 10.0 / count));
		}
		System.out.printf("%s: %d milestones in %.1f s (%.0f a second), %d errors; CPU per milestone by process:%s%n",
				name, count, seconds, count / seconds, errors.get(), perProcess);
	}

	/** User plus system time of a process, in clock ticks, from /proc/PID/stat. */
	private static long cpuTicks(long pid) throws Exception {
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}
