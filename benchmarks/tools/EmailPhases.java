import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/**
 * Where an email's time went, read from notification-service's deliveries while a
 * ./benchmark stack is up (its MongoDB port is in the benchmark's output): for the
 * deliveries of the groups whose id starts with the prefix, by round (the group id
 * without its last part), percentiles of the time from the event to the delivery opened,
 * from opened to recorded as sent, and from the event to recorded as sent. The
 * measurement behind docs/performance.md's fourteenth round:
 *
 * <pre>
 * java -cp "benchmarks/target/lib/*" benchmarks/tools/EmailPhases.java 40491 bench-e2e-
 * </pre>
 */
public class EmailPhases {

	public static void main(String[] args) {
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + args[0])) {
			MongoCollection<Document> deliveries = client.getDatabase("notification").getCollection("deliveries");
			Map<String, List<long[]>> byRound = new TreeMap<>();
			Document ofGroups = new Document("groupId", new Document("$regex", "^" + args[1]));
			Document fields = new Document("groupId", 1).append("eventTime", 1)
				.append("createdAt", 1)
				.append("sentAt", 1);
			for (Document delivery : deliveries.find(ofGroups).projection(fields)) {
				String group = delivery.getString("groupId");
				Date event = delivery.getDate("eventTime");
				Date opened = delivery.getDate("createdAt");
				Date sent = delivery.getDate("sentAt");
				if (event == null || opened == null || sent == null) {
					continue;
				}
				byRound.computeIfAbsent(group.substring(0, group.lastIndexOf('-')), (round) -> new ArrayList<>())
					.add(new long[] { opened.getTime() - event.getTime(), sent.getTime() - opened.getTime(),
							sent.getTime() - event.getTime() });
			}
			String[] phases = { "event to opened", "opened to sent", "event to sent" };
			byRound.forEach((round, rows) -> {
				StringBuilder line = new StringBuilder(round + " (" + rows.size() + " emails), ms:");
				for (int phase = 0; phase < phases.length; phase++) {
					int p = phase;
					long[] times = rows.stream().mapToLong((row) -> row[p]).sorted().toArray();
					line.append(String.format("  %s p50 %d p95 %d p99 %d", phases[phase], times[times.length / 2],
							times[(int) (times.length * 0.95)], times[(int) (times.length * 0.99)]));
				}
				System.out.println(line);
			});
		}
	}

}
