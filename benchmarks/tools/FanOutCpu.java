import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long one milestone takes to reach many recipients, and the CPU time each process
 * spends on it, with nothing else running: scenario c of the benchmark alone, for
 * profiling the sender. Against a stack started by {@code ./start --fresh} (Linux only:
 * reads /proc):
 *
 * <pre>
 * java benchmarks/tools/FanOutCpu.java http://localhost:8081 http://localhost:8083 fan-check 1000 3 \
 *   $(pgrep -f activity-service/target) $(pgrep -f report-service/target) \
 *   $(pgrep -f notification-service/target) $(pgrep -f org.keycities.localstack.LocalStack)
 * </pre>
 *
 * Arguments: activity-service's and notification-service's addresses, a new group's id,
 * recipients, milestones (one after the other; the first warms up), then the process ids
 * to measure. An email counts as sent when notification-service's {@code emails.sent}
 * counter says so, read every half second (so a time is up to 0.5 s long; each read of
 * the metrics also counts the pending deliveries, a scan of the delivery log that is in
 * notification-service's and the MongoDB server's CPU time).
 */
public class FanOutCpu {

	private static final Pattern SENT = Pattern.compile("^emails_sent_total\\{[^}]*kind=\"IMMEDIATE\"[^}]*} (\\S+)",
			Pattern.MULTILINE);

	public static void main(String[] args) throws Exception {
		String activity = args[0];
		String notification = args[1];
		String group = args[2];
		int recipients = Integer.parseInt(args[3]);
		int milestones = Integer.parseInt(args[4]);
		long[] pids = Arrays.stream(args, 5, args.length).mapToLong(Long::parseLong).toArray();
		HttpClient http = HttpClient.newHttpClient();
		String officer = basic("officer");
		String admin = basic("admin");
		System.out.println("group: " + post(http, activity + "/api/groups", officer, "application/json", """
				{"id": "%s", "name": "Fan-out check %s", "leadMember": "Cllr A. Member", "leadOfficer": "A. Officer"}"""
			.formatted(group, group)));
		StringBuilder csv = new StringBuilder("council,name,email\n");
		for (int i = 0; i < recipients; i++) {
			csv.append("Council ").append(i).append(",Policy team,").append(group).append('.').append(i)
				.append("@check.example.org\n");
		}
		System.out.println("recipients: "
				+ post(http, notification + "/api/groups/" + group + "/recipients/import", admin, "text/csv", csv.toString()));
		for (int m = 0; m < milestones; m++) {
			double before = sent(http, notification);
			long[] cpu = cpu(pids);
			long start = System.nanoTime();
			System.out.print("milestone " + m + ": " + post(http, activity + "/api/groups/" + group + "/milestones",
					officer, "application/json", """
							{"type": "MEETING", "title": "Fan-out check %d", "workstream": "Benchmarks", "date": "2019-05-01", "description": "A check of sending."}"""
						.formatted(m)));
			while (sent(http, notification) < before + recipients) {
				Thread.sleep(500);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long[] after = cpu(pids);
			StringBuilder line = new StringBuilder(String.format(" %d emails in %.2f s, %.0f emails/s; CPU ms per email:",
					recipients, seconds, recipients / seconds));
			for (int p = 0; p < pids.length; p++) {
				line.append(String.format(" %d=%.2f", pids[p], (after[p] - cpu[p]) * 10.0 / recipients));
			}
			System.out.println(line);
			Thread.sleep(3000);
		}
	}

	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
	}

	private static int post(HttpClient http, String url, String auth, String type, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", auth)
			.header("Content-Type", type)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.statusCode();
	}

	private static double sent(HttpClient http, String notification) throws Exception {
		String metrics = http
			.send(HttpRequest.newBuilder(URI.create(notification + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher matcher = SENT.matcher(metrics);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	/** Each process's user and system time so far, in clock ticks (10 ms). */
	private static long[] cpu(long[] pids) throws Exception {
		long[] ticks = new long[pids.length];
		for (int p = 0; p < pids.length; p++) {
			String stat = Files.readString(Path.of("/proc/" + pids[p] + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			ticks[p] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		return ticks;
	}

}
