package org.keycities.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.keycities.activity.events.EventTypes;
import org.keycities.benchmarks.Results.Better;
import org.keycities.localstack.LocalStack;
import org.keycities.localstack.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.keycities.benchmarks.Baselines.seconds;
import static org.keycities.benchmarks.Baselines.sleepUntil;

/**
 * The pipeline's scenarios, each driven the way its users drive it: officers' clients
 * over the API, the board pulling reports, member councils receiving email.
 */
final class Scenarios {

	static final List<String> FORMATS = List.of("html", "md", "pdf", "docx");

	static final List<String> SERVICES = List.of("activity-service", "report-service", "notification-service");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** How often an idle look at the report is repeated, at most. */
	private static final Duration WATCH_INTERVAL = Duration.ofMillis(20);

	/**
	 * How long a fan-out may take before notification-service's threads are dumped (1,000
	 * emails took 1-2.5 s in the runs before).
	 */
	private static final Duration FAN_OUT_SLOW = Duration.ofSeconds(5);

	/**
	 * One in this many of each group's milestones is watched for in the report: enough
	 * for the percentiles (600 of 6,000; the 99th is the sixth longest). Each watched
	 * milestone costs three to five looks, each a request report-service answers (about 1
	 * ms of its CPU): with one in five, the looks took 5.3 of the 60 CPU-seconds of a
	 * 30-s round on two cores already short of CPU (7 December), load that a board
	 * reading its report a few times a day never puts on the service.
	 */
	private static final int REPORT_SAMPLE = 10;

	/**
	 * Downloads of each rendering timed after the first: a board member's download from a
	 * service that has been running. The first shows the cost of the first download of
	 * that year in the run (the warm-up has rendered a smaller year in every format).
	 */
	private static final int RENDER_REPEATS = 3;

	/**
	 * The share of one core the services' compiler threads may use over a round of the
	 * end-to-end load once they have settled. They used 0.45-0.55 in the rounds after a
	 * start and 0.18-0.25 in the sixth (28 November, 7 December); with a quarter of a
	 * core as the mark, the p99s were still falling from one round to the next when the
	 * measured round came (report 420 -> 288 ms, email 1,012 -> 566 ms in one run).
	 */
	private static final double SETTLED = 0.10;

	/**
	 * activity-service's {@code tracker.outbox.grace-period}: how old a pending event
	 * must be before the outbox's sweep publishes it.
	 */
	private static final Duration SWEEP_GRACE = Duration.ofSeconds(10);

	/** report-service's consumer group. */
	private static final String REPORT_CONSUMERS = "report-service";

	private final LocalStack stack;

	private final Settings settings;

	private final Results results;

	private final PrintStream log;

	/** The letters of every scenario. */
	static final String ALL = "abcdefg";

	/**
	 * The scenarios of the warm-up (those of them the run measures): the rebuild's code
	 * is the live ingestion's, warmed by the first run's seeding of the topic.
	 */
	private static final String WARM_UP = "abcd";

	/** The warm-up of run n is numbered this plus n, so its groups are its own. */
	private static final int WARM_UP_RUNS = 100;

	private final Http http = new Http();

	private int run;

	private boolean rendersSeeded;

	private boolean rebuildSeeded;

	/** Rounds of the end-to-end load offered so far, each to groups of its own. */
	private int endToEndRounds;

	Scenarios(LocalStack stack, Settings settings, Results results, PrintStream log) {
		this.stack = stack;
		this.settings = settings;
		this.results = results;
		this.log = log;
		define();
	}

	private void define() {
		defineIngestion("ingest", " (services just started and warmed up)", null);
		defineIngestion("ingest.steady", " (after the compilers settled)", 2000.0);
		defineEndToEnd("e2e", " (services just started and warmed up)", null);
		defineEndToEnd("e2e.steady", " (after the compilers settled)", 250.0);
		this.results.define("e2e.steady.rounds", "b. End to end",
				"Rounds of the end-to-end load offered, not measured, until the compilers settled (at most "
						+ this.settings.settleRounds() + ")",
				"rounds", Better.LOWER, null, null);
		this.results.define("fanout.rate", "c. Fan-out",
				"One milestone to " + this.settings.fanOutRecipients() + " recipients, POST to the last email",
				"emails/s", Better.HIGHER, 500.0, Baselines.SMTP_SEND);
		for (int size : this.settings.renderSizes()) {
			for (String format : FORMATS) {
				Double target = null;
				if (size == 10000 && format.equals("html")) {
					target = 300.0;
				}
				else if (size == 10000 && format.equals("pdf")) {
					target = 5000.0;
				}
				this.results.define("render." + size + "." + format + ".time", "d. Rendering",
						"A year of " + size + " milestones as " + format.toUpperCase()
								+ ": time to the whole download (median of " + RENDER_REPEATS + " after the first)",
						"ms", Better.LOWER, target, null);
				this.results.define(
						"render." + size + "." + format + ".first", "d. Rendering", "A year of " + size
								+ " milestones as " + format.toUpperCase() + ": its first download in the run",
						"ms", Better.LOWER, null, null);
				this.results.define(
						"render." + size + "." + format + ".memory", "d. Rendering", "A year of " + size
								+ " milestones as " + format.toUpperCase() + ": report-service's peak resident memory",
						"MiB", Better.LOWER, null, null);
			}
		}
		this.results.define("rebuild.rate", "e. Rebuild",
				"Report model rebuilt from at least " + this.settings.rebuildEvents() + " events", "events/s",
				Better.HIGHER, 5000.0, Baselines.MONGO_INSERT);
		this.results.define("rebuild.events", "e. Rebuild", "Events replayed", "events", Better.HIGHER, null, null);
		defineOutage();
		for (String service : SERVICES) {
			this.results.define("startup." + service, "f. Start-up and memory", service + ": JVM launch to health UP",
					"s", Better.LOWER, null, null);
			this.results.define("rss." + service, "f. Start-up and memory", service + ": resident memory after the run",
					"MiB", Better.LOWER, null, null);
		}
	}

	private void defineIngestion(String key, String when, Double target) {
		String ingestion = "a. Ingestion";
		this.results.define(
				key + ".rate", ingestion, this.settings.clients() + " clients record milestones for "
						+ this.settings.ingestion().toSeconds() + " s" + when + ": accepted",
				"milestones/s", Better.HIGHER, target, Baselines.MONGO_INSERT);
		for (String p : List.of("p50", "p95", "p99")) {
			this.results.define(key + "." + p, ingestion, "POST latency" + when + ", " + p, "ms", Better.LOWER, null,
					null);
		}
		this.results.define(key + ".errors", ingestion, "Requests not accepted" + when, "requests", Better.LOWER, 0.0,
				null);
		this.results.define(key + ".drain", ingestion,
				"After the last request, until every accepted milestone is in the report (at most 600 s)" + when, "s",
				Better.LOWER, null, null);
	}

	private void defineOutage() {
		String outage = "g. Kafka outage";
		String down = " while Kafka is down";
		this.results.define(
				"outage.rate", outage, this.settings.clients() + " clients record milestones for "
						+ this.settings.outage().toSeconds() + " s" + down + ": accepted",
				"milestones/s", Better.HIGHER, null, null);
		this.results.define("outage.p99", outage, "POST latency" + down + ", p99", "ms", Better.LOWER, null, null);
		this.results.define("outage.errors", outage, "Requests not accepted" + down, "requests", Better.LOWER, 0.0,
				null);
		this.results.define("outage.recovery", outage,
				"From Kafka's return until every milestone accepted while it was down is in the report"
						+ " (at most 600 s)",
				"s", Better.LOWER, null, null);
		this.results.define("outage.drain", outage, "Milestones accepted while Kafka was down, over that recovery",
				"milestones/s", Better.HIGHER, null, null);
		this.results.define("outage.lost", outage,
				"Milestones accepted while Kafka was down and not in the report after the recovery", "milestones",
				Better.LOWER, 0.0, null);
	}

	private void defineEndToEnd(String key, String when, Double p99Target) {
		String endToEnd = "b. End to end";
		String at = " at " + this.settings.endToEndRate() + " milestones/s" + when;
		for (String p : List.of("p50", "p95", "p99")) {
			boolean p99 = p.equals("p99");
			String baseline = p.equals("p50") ? Baselines.KAFKA_ROUND_TRIP_P50
					: p99 ? Baselines.KAFKA_ROUND_TRIP_P99 : null;
			this.results.define(key + ".report." + p, endToEnd,
					"POST to the milestone in the report JSON" + at + ", " + p, "ms", Better.LOWER,
					p99 ? p99Target : null, baseline);
			this.results.define(key + ".email." + p, endToEnd, "POST to the email arriving" + at + ", " + p, "ms",
					Better.LOWER, p99 ? p99Target : null, baseline);
		}
		this.results.define(key + ".drain", endToEnd, "After the last request, until every milestone is in the report"
				+ " and emailed (at most 600 s)" + when, "s", Better.LOWER, null, null);
		this.results.define(key + ".missing", endToEnd,
				"Milestones not in the report or not emailed within 60 s" + when, "milestones", Better.LOWER, 0.0,
				null);
	}

	/**
	 * Runs the scenarios whose letters {@code only} holds: f's start-up first (the
	 * services are restarted for it in every run after the first), then the warm-up if
	 * there is one, then a to e and g (Kafka's outage last, as it stops the broker), then
	 * f's memory after the run. Every run so begins with services just started and warmed
	 * up alike; before, f restarted them at the end of runs 2 and 3, so runs 1 and 3
	 * measured code not yet compiled and run 2 code that was, and the memory "after the
	 * run" of runs 2 and 3 was taken just after a restart.
	 * @param warmUp scenarios at a smaller scale, not measured, to run first so that the
	 * services' code is compiled before anything is measured; or null
	 */
	void run(int run, String only, Scenarios warmUp) throws Exception {
		this.run = run;
		if (only.indexOf('f') >= 0) {
			step("f. start-up", this::startUp);
		}
		// only's letters are checked ones (see only(String))
		String warming = WARM_UP.replaceAll("[^" + only + "]", "");
		if (warmUp != null && !warming.isEmpty()) {
			this.log.println("warm-up (not measured):");
			warmUp.run(WARM_UP_RUNS + run, warming, null);
		}
		for (char letter : "abcdeg".toCharArray()) {
			if (only.indexOf(letter) < 0) {
				continue;
			}
			switch (letter) {
				case 'a' -> step("a. ingestion", this::ingestion);
				case 'b' -> {
					step("b. end to end", this::endToEnd);
					// the rates offered in b leave the services settled for a second
					// measure of a
					if (only.indexOf('a') >= 0 && this.settings.settleRounds() > 0) {
						step("a. ingestion, after the compilers settled", this::ingestionSettled);
					}
				}
				case 'c' -> step("c. fan-out", this::fanOut);
				case 'd' -> step("d. rendering", this::rendering);
				case 'e' -> step("e. rebuild", this::rebuild);
				default -> step("g. Kafka outage", this::outage);
			}
		}
		if (only.indexOf('f') >= 0) {
			step("f. memory after the run", this::memoryAfterRun);
		}
	}

	/**
	 * The scenarios' letters in {@code --only}, checked.
	 * @throws IllegalArgumentException if one is not a scenario
	 */
	static String only(String letters) {
		if (letters.isEmpty() || !letters.chars().allMatch((c) -> ALL.indexOf(c) >= 0)) {
			throw new IllegalArgumentException(
					"--only takes the letters of the scenarios to run, from " + ALL + ", not " + letters);
		}
		return letters;
	}

	private void step(String name, Step scenario) throws Exception {
		this.log.println(name);
		scenario.run();
	}

	private interface Step {

		void run() throws Exception;

	}

	private String activity() {
		return this.stack.activity().url();
	}

	private String report() {
		return this.stack.report().url();
	}

	private String notification() {
		return this.stack.notification().url();
	}

	private void createGroup(String id, String name) {
		Http.expect(this.http.post(activity() + "/api/groups", "officer", "application/json", """
				{"id": "%s", "name": "%s", "leadMember": "Cllr A. Member", "leadOfficer": "A. Officer"}""".formatted(id,
				name), null), 201);
	}

	private static String milestoneJson(String title) {
		return """
				{"type": "MEETING", "title": "%s", "workstream": "Benchmarks", "date": "2019-05-01",
				 "description": "%s", "links": ["https://example.org/benchmarks"], "partners": ["Local Government Association"]}"""
			.formatted(title, Events.DESCRIPTION);
	}

	private HttpResponse<String> record(String group, String title) {
		return this.http.post(activity() + "/api/groups/" + group + "/milestones", "officer", "application/json",
				milestoneJson(title), title);
	}

	/**
	 * a. Concurrent clients record milestones as fast as they are accepted, on the
	 * services as the run found them (just started and warmed up).
	 */
	private void ingestion() throws Exception {
		ingestion("ingest", "bench-ingest-" + this.run, "Ingestion benchmark " + this.run);
	}

	/**
	 * a. again, after scenario b's settling rounds: the sustained rate of services whose
	 * compilers have caught up (881 milestones/s against 234 just after the warm-up in
	 * one run, 28 November). Every service then reads the backlog before the next
	 * scenario.
	 */
	private void ingestionSettled() throws Exception {
		ingestion("ingest.steady", "bench-ingest-steady-" + this.run, "Ingestion benchmark, settled " + this.run);
		awaitAllEventsRead(Duration.ofMinutes(10));
	}

	private void ingestion(String key, String group, String name) throws Exception {
		createGroup(group, name);
		Load load = load(group, this.settings.ingestion());
		this.results.add(key + ".rate", load.rate());
		this.results.add(key + ".p50", load.latencies().percentileMillis(50));
		this.results.add(key + ".p95", load.latencies().percentileMillis(95));
		this.results.add(key + ".p99", load.latencies().percentileMillis(99));
		this.results.add(key + ".errors", load.errors());
		// the next scenarios begin once this one's events are through the pipeline
		double drain = secondsUntilInReport(group, load.accepted(), 0);
		this.results.add(key + ".drain", drain);
		this.log.printf("  all in the report %.1f s after the last request%n", drain);
	}

	/**
	 * The ingestion's clients: {@code clients} of them record milestones in the group,
	 * each one after the other, for the period.
	 */
	private Load load(String group, Duration period) throws Exception {
		Latencies latencies = new Latencies();
		AtomicInteger accepted = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(this.settings.clients());
		long start = System.nanoTime();
		long end = start + period.toNanos();
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < this.settings.clients(); c++) {
			int client = c;
			running.add(clients.submit(() -> {
				int n = 0;
				while (System.nanoTime() < end) {
					long sent = System.nanoTime();
					try {
						HttpResponse<String> response = record(group, "Ingested " + group + "-" + client + "-" + n++);
						latencies.add(System.nanoTime() - sent);
						(response.statusCode() == 201 ? accepted : errors).incrementAndGet();
					}
					catch (RuntimeException ex) {
						errors.incrementAndGet();
					}
				}
			}));
		}
		for (Future<?> client : running) {
			client.get();
		}
		Load load = new Load(accepted.get(), errors.get(), latencies, seconds(System.nanoTime() - start));
		clients.shutdown();
		this.log.printf("  %.0f milestones/s accepted, p99 %.0f ms, %d errors%n", load.rate(),
				latencies.percentileMillis(99), load.errors());
		return load;
	}

	/** What the ingestion's clients saw over {@code seconds}. */
	private record Load(int accepted, int errors, Latencies latencies, double seconds) {

		double rate() {
			return this.accepted / this.seconds;
		}

	}

	/**
	 * g. Kafka stops while the ingestion's clients record milestones for {@code outage}:
	 * activity-service accepts each one and keeps its event in MongoDB, and once Kafka is
	 * back the relay's threads publish those they still hold and the outbox's sweep the
	 * rest, to be read into the report. Kafka starts again only once the sweep's grace
	 * period has passed for the last milestone, so that the recovery measures how fast
	 * the sweep drains the backlog rather than how long it leaves each event to the
	 * relay; it includes the wait for the sweep's next run (every 5 s).
	 */
	private void outage() throws Exception {
		String group = "bench-outage-" + this.run;
		createGroup(group, "Outage benchmark " + this.run);
		// the group's own event, and every scenario's before, are read before Kafka stops
		awaitAllEventsRead(Duration.ofMinutes(10));
		long onTopic = eventsOnTopic();
		this.stack.kafka().stop();
		Load load = load(group, this.settings.outage());
		int accepted = load.accepted();
		this.results.add("outage.rate", load.rate());
		this.results.add("outage.p99", load.latencies().percentileMillis(99));
		this.results.add("outage.errors", load.errors());
		Thread.sleep(SWEEP_GRACE.plusSeconds(1).toMillis());
		this.stack.kafka().restart();
		double recovery = secondsUntilInReport(group, accepted, onTopic + accepted);
		int lost = Math.max(0, accepted - milestonesIn(group));
		this.results.add("outage.recovery", recovery);
		this.results.add("outage.drain", accepted / recovery);
		this.results.add("outage.lost", lost);
		this.log.printf("  all in the report %.1f s after Kafka's return (%.0f milestones/s), %d lost%n", recovery,
				accepted / recovery, lost);
	}

	/**
	 * Waits, at most 600 s, until the group's years in the report count this many
	 * milestones.
	 * @param events the events the topic must hold first (0: none looked for)
	 * @return the seconds waited, 600 if they were not all in by then
	 */
	private double secondsUntilInReport(String group, int milestones, long events) throws Exception {
		long since = System.nanoTime();
		Duration limit = Duration.ofSeconds(600);
		try (Admin admin = admin()) {
			// the count of the group's milestones reads all of them (50,000 after a
			// minute at the steady state; looked at every second, it slowed the report
			// down to a fifth), so it is read only once the topic holds the events and
			// report-service has read every one, by its committed offsets (committed
			// after its writes); a broker just started may not answer every request yet
			boolean in = waitUntil(limit, Duration.ofMillis(200), () -> {
				try {
					return (events == 0 || onTopic(admin) >= events) && unread(admin, REPORT_CONSUMERS::equals) == 0
							&& milestonesIn(group) >= milestones;
				}
				catch (IllegalStateException ex) {
					return false;
				}
			});
			return in ? seconds(System.nanoTime() - since) : limit.toSeconds();
		}
	}

	/**
	 * b. Milestones at a fixed rate over four groups, each with one recipient. The report
	 * is watched for every {@link #REPORT_SAMPLE}th milestone of each group (see
	 * {@link #watchReports}); every email is seen as the SMTP server receives it.
	 */
	private void endToEnd() throws Exception {
		add("e2e", endToEndRound());
		if (this.settings.settleRounds() > 0) {
			settle();
			add("e2e.steady", endToEndRound());
		}
	}

	/**
	 * Offers the end-to-end load, not measured, until the services' JIT compilers have
	 * settled: until they used less than {@link #SETTLED} of one core over a round, for
	 * at most {@code settleRounds} rounds. Services just started (and warmed up for two
	 * minutes) still compile through every round: in a run of eight rounds on two cores
	 * (28 November), the compiler threads took a quarter of the CPU in each of the first
	 * six and report p99 fell from 4.0 s to 0.2-0.4 s, email p99 from 10.7 s to 0.8-1.7
	 * s. Where {@code /proc} cannot be read, every round is offered.
	 */
	private void settle() throws Exception {
		List<Long> pids = new ArrayList<>();
		for (String name : SERVICES) {
			pids.add(this.stack.instances(name).get(0).pid());
		}
		// this JVM runs the MongoDB and SMTP servers and the clients
		pids.add(ProcessHandle.current().pid());
		CompilerTime compilers = CompilerTime.readable() ? CompilerTime.of(pids) : null;
		int rounds = 0;
		double share = 1;
		while (rounds < this.settings.settleRounds() && share >= SETTLED) {
			long start = System.nanoTime();
			long before = (compilers != null) ? compilers.millis() : 0;
			this.log.println("  settling, round " + (rounds + 1) + " (not measured):");
			endToEndRound();
			rounds++;
			if (compilers != null) {
				share = (compilers.millis() - before) / 1000.0 / seconds(System.nanoTime() - start);
				this.log.printf("  the compilers used %.2f of a core%n", share);
			}
		}
		this.results.add("e2e.steady.rounds", rounds);
	}

	private void add(String key, EndToEnd round) {
		for (String p : List.of("p50", "p95", "p99")) {
			double percentile = Double.parseDouble(p.substring(1));
			this.results.add(key + ".report." + p, round.report().percentileMillis(percentile));
			this.results.add(key + ".email." + p, round.email().percentileMillis(percentile));
		}
		this.results.add(key + ".drain", round.drain());
		this.results.add(key + ".missing", round.missing());
	}

	/** What one round of the end-to-end load measured. */
	private record EndToEnd(Latencies report, Latencies email, double drain, int missing) {
	}

	/**
	 * One round of the end-to-end load: {@link Settings#endToEndRate()} milestones a
	 * second for {@link Settings#endToEnd()} over groups of its own.
	 */
	private EndToEnd endToEndRound() throws Exception {
		// scenario a waits only for the report; notification-service may still be
		// reading its events, and the rate offered here would queue behind them
		awaitAllEventsRead(Duration.ofMinutes(10));
		int groups = 4;
		int count = (int) (this.settings.endToEndRate() * this.settings.endToEnd().toSeconds());
		int round = ++this.endToEndRounds;
		String[] names = spreadOverPartitions("bench-e2e-" + this.run + "-" + round + "-", groups);
		for (int g = 0; g < groups; g++) {
			createGroup(names[g], "End-to-end benchmark " + this.run + "-" + g);
			Http.expect(this.http.post(notification() + "/api/groups/" + names[g] + "/recipients", "admin",
					"application/json", """
							{"council": "Benchmark Council", "name": "Policy team", "email": "%s@bench.example.org",
							 "frequency": "IMMEDIATE"}""".formatted(names[g]), null), 201);
		}
		long[] postedAt = new long[count];
		String[] ids = new String[count];
		AtomicLongArray inReport = new AtomicLongArray(count);
		AtomicLongArray emailed = new AtomicLongArray(count);
		// per group, the watched milestones in the order they were accepted
		List<List<Integer>> accepted = new ArrayList<>();
		for (int g = 0; g < groups; g++) {
			accepted.add(java.util.Collections.synchronizedList(new ArrayList<>()));
		}
		String titlePrefix = "End to end " + this.run + "." + round + " #";
		this.stack.mail().onDelivery((message, recipient) -> {
			try {
				String subject = message.getSubject();
				int at = subject.indexOf(titlePrefix);
				if (at >= 0) {
					emailed.compareAndSet(Integer.parseInt(subject.substring(at + titlePrefix.length())), 0,
							System.nanoTime());
				}
			}
			catch (jakarta.mail.MessagingException | NumberFormatException ex) {
				// not one of ours
			}
		});
		AtomicInteger rejected = new AtomicInteger();
		ExecutorService senders = Executors.newFixedThreadPool(32);
		// one watcher a group: a single one, asking one milestone at a time for all four
		// groups, fell behind the report under load and its own delay was measured
		List<Thread> watchers = new ArrayList<>();
		for (int g = 0; g < groups; g++) {
			int group = g;
			Thread watcher = new Thread(() -> watchReports(names[group], accepted.get(group), ids, postedAt, inReport),
					"report-watcher-" + g);
			watcher.start();
			watchers.add(watcher);
		}
		long interval = 1_000_000_000L / this.settings.endToEndRate();
		long next = System.nanoTime();
		for (int i = 0; i < count; i++) {
			sleepUntil(next);
			int n = i;
			// measured from when the request was due, so a slow server cannot hide its
			// delay
			postedAt[n] = next;
			senders.submit(() -> {
				int group = n % groups;
				HttpResponse<String> response = record(names[group], titlePrefix + n);
				if (response.statusCode() == 201) {
					ids[n] = JSON.readTree(response.body()).get("id").asText();
					if (watched(n, groups)) {
						accepted.get(group).add(n);
					}
				}
				else {
					rejected.incrementAndGet();
				}
			});
			next += interval;
		}
		senders.shutdown();
		senders.awaitTermination(2, TimeUnit.MINUTES);
		// the wait begins when the last request was due
		waitUntil(Duration.ofSeconds(60).minusNanos(System.nanoTime() - postedAt[count - 1]),
				() -> allSet(inReport, (n) -> watched(n, groups)) && allSet(emailed, (n) -> true));
		// the figures below are taken now; the next scenario begins once this one's
		// milestones are all through the pipeline
		long[] reportAt = new long[count];
		long[] emailAt = new long[count];
		for (int i = 0; i < count; i++) {
			reportAt[i] = inReport.get(i);
			emailAt[i] = emailed.get(i);
		}
		long last = postedAt[count - 1];
		Duration drainLimit = Duration.ofSeconds(600);
		boolean drained = waitUntil(drainLimit.minusNanos(System.nanoTime() - last), Duration.ofSeconds(1),
				() -> allSet(inReport, (n) -> watched(n, groups)) && allSet(emailed, (n) -> true));
		double drain = drained ? seconds(System.nanoTime() - last) : drainLimit.toSeconds();
		this.log.printf("  all in the report and emailed %.1f s after the last request%n", drain);
		for (Thread watcher : watchers) {
			watcher.interrupt();
			watcher.join();
		}
		this.stack.mail().onDelivery((message, recipient) -> {
		});
		// a milestone that never arrived counts as the whole wait, so that it cannot
		// flatter the percentiles
		long censored = Duration.ofSeconds(60).toNanos();
		Latencies report = new Latencies();
		Latencies email = new Latencies();
		// a rejected request never arrives, so it is counted here too
		int missing = 0;
		for (int i = 0; i < count; i++) {
			boolean watched = watched(i, groups);
			if ((watched && reportAt[i] == 0) || emailAt[i] == 0) {
				missing++;
			}
			if (watched) {
				report.add((reportAt[i] == 0) ? censored : reportAt[i] - postedAt[i]);
			}
			email.add((emailAt[i] == 0) ? censored : emailAt[i] - postedAt[i]);
		}
		this.log.printf("  report p99 %.0f ms, email p99 %.0f ms, %d missing (of which %d rejected)%n",
				report.percentileMillis(99), email.percentileMillis(99), missing, rejected.get());
		return new EndToEnd(report, email, drain, missing);
	}

	/**
	 * Group ids starting with the prefix whose events land on the partitions of
	 * {@code activity-events} in turn (group {@code g} on partition {@code g} modulo
	 * their number), as the producer's default partitioner places a record by its key,
	 * the group id. Names chosen by the run's number alone spread the groups differently
	 * in each run (run 1 of one set: partitions 0, 0, 1, 1; run 3: 0, 0, 1, 2), and with
	 * them the consumer threads' loads and the end-to-end figures.
	 */
	private String[] spreadOverPartitions(String prefix, int groups) throws Exception {
		int partitions;
		try (Admin admin = admin()) {
			partitions = admin.describeTopics(List.of(EventTypes.TOPIC))
				.allTopicNames()
				.get()
				.get(EventTypes.TOPIC)
				.partitions()
				.size();
		}
		String[] names = new String[groups];
		for (int g = 0; g < groups; g++) {
			String name = prefix + g;
			for (int k = 1; partitionOf(name, partitions) != g % partitions; k++) {
				name = prefix + g + "-" + k;
			}
			names[g] = name;
		}
		return names;
	}

	/** The partition Kafka's default partitioner gives a record with this key. */
	static int partitionOf(String key, int partitions) {
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
	}

	/**
	 * Asks report-service where the group's oldest watched milestone not yet seen stands
	 * (one read by id, however large the report), and on to the next one as soon as it is
	 * there; one thread for each group. A group is looked at again after a twentieth of
	 * the time its oldest milestone has waited so far (at least {@link #WATCH_INTERVAL},
	 * at most a second), so a look adds at most 5% to a latency and a backlog is not
	 * asked about in a loop. A milestone that reaches the report before an older one of
	 * its group is timed when the older one is seen, which can only lengthen the
	 * latencies. (Watching the list of years instead read every milestone of the group at
	 * each look, and took much of the CPU it was measuring.)
	 */
	private void watchReports(String group, List<Integer> order, String[] ids, long[] postedAt,
			AtomicLongArray inReport) {
		int seen = 0;
		long lookAt = 0;
		while (!Thread.currentThread().isInterrupted()) {
			if (System.nanoTime() >= lookAt) {
				while (true) {
					int next;
					synchronized (order) {
						if (seen >= order.size()) {
							break;
						}
						next = order.get(seen);
					}
					long now = System.nanoTime();
					if (!inReport(group, ids[next])) {
						long waited = now - postedAt[next];
						lookAt = now + Math.min(Math.max(waited / 20, WATCH_INTERVAL.toNanos()),
								Duration.ofSeconds(1).toNanos());
						break;
					}
					inReport.compareAndSet(next, 0, System.nanoTime());
					seen++;
				}
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private boolean inReport(String group, String milestoneId) {
		try {
			HttpResponse<String> response = this.http
				.get(report() + "/api/groups/" + group + "/reports/milestones/" + milestoneId, "board");
			return response.statusCode() == 200 && JSON.readTree(response.body()).get("inReport").asBoolean();
		}
		catch (RuntimeException ex) {
			// a slow answer under load: ask again
			return false;
		}
	}

	/**
	 * Whether milestone {@code n} (of group {@code n % groups}) is one whose arrival in
	 * the report is watched.
	 */
	private static boolean watched(int n, int groups) {
		return (n / groups) % REPORT_SAMPLE == 0;
	}

	/** Whether every milestone that counts has its time. */
	private static boolean allSet(AtomicLongArray times, IntPredicate counts) {
		for (int i = 0; i < times.length(); i++) {
			if (times.get(i) == 0 && counts.test(i)) {
				return false;
			}
		}
		return true;
	}

	/** c. One milestone for a group with many recipients. */
	private void fanOut() throws Exception {
		String group = "bench-fanout-" + this.run;
		createGroup(group, "Fan-out benchmark " + this.run);
		StringBuilder csv = new StringBuilder("council,name,email\n");
		int recipients = this.settings.fanOutRecipients();
		for (int i = 0; i < recipients; i++) {
			csv.append("Council ")
				.append(i)
				.append(",Policy team,")
				.append(group)
				.append('.')
				.append(i)
				.append("@bench.example.org\n");
		}
		Http.expect(this.http.post(notification() + "/api/groups/" + group + "/recipients/import", "admin", "text/csv",
				csv.toString(), null), 201);
		String title = "Fan-out " + this.run;
		AtomicInteger received = new AtomicInteger();
		AtomicLong last = new AtomicLong();
		this.stack.mail().onDelivery((message, recipient) -> {
			if (recipient.startsWith(group + ".")) {
				received.incrementAndGet();
				last.set(System.nanoTime());
			}
		});
		ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
		long start = System.nanoTime();
		Http.expect(record(group, title), 201);
		// once (27 November) a fan-out waited 11.6 s with nothing claimed; if one is slow
		// again, notification-service's threads show where it waits
		watch.schedule(() -> dumpThreads(this.stack.notification(), "fan-out-" + this.run), FAN_OUT_SLOW.toMillis(),
				TimeUnit.MILLISECONDS);
		boolean all;
		try {
			all = waitUntil(Duration.ofMinutes(10), () -> received.get() >= recipients);
		}
		finally {
			watch.shutdownNow();
		}
		this.stack.mail().onDelivery((message, recipient) -> {
		});
		// when not all arrived, the rate is what arrived over the whole wait
		double rate = all ? recipients / seconds(last.get() - start)
				: received.get() / seconds(System.nanoTime() - start);
		this.results.add("fanout.rate", rate);
		this.log.printf("  %d emails at %.0f emails/s%n", received.get(), rate);
	}

	/**
	 * Writes the service's thread dump ({@code jcmd <pid> Thread.print}) next to its log.
	 */
	private void dumpThreads(ServiceProcess service, String name) {
		Path file = this.stack.logs().resolve(service.instanceName() + "-threads-" + name + ".txt");
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(service.pid()), "Thread.print")
				.redirectErrorStream(true)
				.redirectOutput(file.toFile())
				.start();
			if (jcmd.waitFor(30, TimeUnit.SECONDS)) {
				this.log.printf("  still sending after %d s: %s's threads are in %s%n", FAN_OUT_SLOW.toSeconds(),
						service.instanceName(), file);
			}
		}
		catch (IOException ex) {
			this.log.printf("  could not take %s's threads: %s%n", service.instanceName(), ex.getMessage());
		}
		catch (InterruptedException ex) {
			// the fan-out ended meanwhile
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * d. Years of many milestones, written straight to the topic (as activity-service
	 * would publish them) once, then downloaded in each format.
	 */
	private void rendering() throws Exception {
		if (!this.rendersSeeded) {
			try (Events events = new Events(this.stack.kafka().bootstrapServers())) {
				for (int size : this.settings.renderSizes()) {
					String group = "bench-render-" + size;
					events.send(Events.group(group, "Rendering benchmark, " + size + " milestones"));
					for (int n = 0; n < size; n++) {
						events.send(Events.milestone(group, n, 2019));
					}
				}
				events.flush();
			}
			for (int size : this.settings.renderSizes()) {
				if (!waitUntil(Duration.ofMinutes(10), Duration.ofSeconds(1),
						() -> milestonesIn("bench-render-" + size) >= size)) {
					throw new IllegalStateException("The report of " + size + " milestones was not complete in time");
				}
			}
			this.rendersSeeded = true;
		}
		awaitAllEventsRead(Duration.ofMinutes(10));
		long pid = this.stack.report().pid();
		for (int size : this.settings.renderSizes()) {
			for (String format : FORMATS) {
				String url = report() + "/api/groups/bench-render-" + size + "/reports/2019?format=" + format;
				resetPeakMemory(pid);
				double first = downloadNanos(url) / 1e6;
				Latencies repeated = new Latencies();
				for (int i = 0; i < RENDER_REPEATS; i++) {
					repeated.add(downloadNanos(url));
				}
				double median = repeated.percentileMillis(50);
				this.results.add("render." + size + "." + format + ".first", first);
				this.results.add("render." + size + "." + format + ".time", median);
				this.results.add("render." + size + "." + format + ".memory", memory(pid, "VmHWM"));
				this.log.printf("  %d milestones as %s: first %.0f ms, then %.0f ms (median)%n", size, format, first,
						median);
			}
		}
	}

	private long downloadNanos(String url) {
		long start = System.nanoTime();
		HttpResponse<byte[]> response = this.http.download(url, "board");
		long took = System.nanoTime() - start;
		if (response.statusCode() != 200 || response.body().length == 0) {
			throw new IllegalStateException(url + " answered " + response.statusCode());
		}
		return took;
	}

	private int milestonesIn(String group) {
		HttpResponse<String> response = this.http.get(report() + "/api/groups/" + group + "/reports", "board");
		if (response.statusCode() != 200) {
			return 0;
		}
		int milestones = 0;
		for (JsonNode year : JSON.readTree(response.body())) {
			milestones += year.get("milestones").asInt();
		}
		return milestones;
	}

	/** e. The report model rebuilt from everything on the topic. */
	private void rebuild() throws Exception {
		if (!this.rebuildSeeded) {
			long onTopic = eventsOnTopic();
			long more = this.settings.rebuildEvents() - onTopic;
			if (more > 0) {
				try (Events events = new Events(this.stack.kafka().bootstrapServers())) {
					// many groups and years, as the history of every group would be
					for (int n = 0; n < more; n++) {
						String group = "bench-history-" + (n % 50);
						if (n < 50) {
							events.send(Events.group(group, "History benchmark " + n));
						}
						events.send(Events.milestone(group, n, 2000 + n % 20));
					}
					events.flush();
				}
				// notification-service and report-service read the new events first: the
				// rebuild is measured on its own, not beside a backlog of the other
				// services
				awaitAllEventsRead(Duration.ofMinutes(10));
			}
			this.rebuildSeeded = true;
		}
		HttpResponse<String> response = Http
			.expect(this.http.postAndWait(report() + "/api/admin/rebuild", "admin", Duration.ofMinutes(30)), 200);
		JsonNode done = JSON.readTree(response.body());
		long events = done.get("events").asLong();
		double rate = events / (done.get("millis").asLong() / 1000.0);
		this.results.add("rebuild.rate", rate);
		this.results.add("rebuild.events", events);
		this.log.printf("  %d events at %.0f events/s%n", events, rate);
	}

	private long eventsOnTopic() throws Exception {
		try (Admin admin = admin()) {
			return onTopic(admin);
		}
	}

	private static long onTopic(Admin admin) {
		try {
			return endOffsets(admin).values().stream().mapToLong(Long::longValue).sum();
		}
		catch (ExecutionException | InterruptedException ex) {
			throw unanswered(ex);
		}
	}

	/**
	 * Waits until every consumer group of topic {@code activity-events} has read it to
	 * its end: the milestones a scenario wrote are in the report before
	 * notification-service has read them, and a download timed meanwhile would measure
	 * that work as well.
	 */
	private void awaitAllEventsRead(Duration timeout) throws Exception {
		try (Admin admin = admin()) {
			long start = System.nanoTime();
			if (!waitUntil(timeout, Duration.ofMillis(500), () -> unread(admin, (group) -> true) == 0)) {
				throw new IllegalStateException("The services had not read every event within " + timeout);
			}
			this.log.printf("  every event read by every service (waited %.1f s)%n",
					seconds(System.nanoTime() - start));
		}
	}

	/**
	 * The events on the topic not yet read by the consumer groups {@code groups} accepts,
	 * by their committed offsets.
	 */
	private static long unread(Admin admin, Predicate<String> groups) {
		try {
			Map<TopicPartition, Long> end = endOffsets(admin);
			long unread = 0;
			for (GroupListing group : admin.listGroups().all().get()) {
				if (!groups.test(group.groupId())) {
					continue;
				}
				Map<TopicPartition, OffsetAndMetadata> read = admin.listConsumerGroupOffsets(group.groupId())
					.partitionsToOffsetAndMetadata()
					.get();
				if (read.keySet().stream().noneMatch(end::containsKey)) {
					// not a reader of this topic
					continue;
				}
				for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
					OffsetAndMetadata offset = read.get(partition.getKey());
					unread += partition.getValue() - ((offset != null) ? offset.offset() : 0);
				}
			}
			return unread;
		}
		catch (ExecutionException | InterruptedException ex) {
			throw unanswered(ex);
		}
	}

	/**
	 * The broker did not answer the admin client's request (or the wait was interrupted).
	 */
	private static IllegalStateException unanswered(Exception ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		return new IllegalStateException(ex);
	}

	private static Map<TopicPartition, Long> endOffsets(Admin admin) throws ExecutionException, InterruptedException {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		admin.describeTopics(List.of(EventTypes.TOPIC))
			.allTopicNames()
			.get()
			.get(EventTypes.TOPIC)
			.partitions()
			.forEach((p) -> latest.put(new TopicPartition(EventTypes.TOPIC, p.partition()), OffsetSpec.latest()));
		Map<TopicPartition, Long> end = new HashMap<>();
		admin.listOffsets(latest).all().get().forEach((partition, info) -> end.put(partition, info.offset()));
		return end;
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.kafka().bootstrapServers()));
	}

	/** f. Each service restarted (but in the first run) and timed to healthy. */
	private void startUp() throws Exception {
		for (String name : SERVICES) {
			ServiceProcess service = this.stack.instances(name).get(0);
			if (this.settings.restartServices() && this.run > 1) {
				service.stop();
				service.restart();
				service.awaitHealthy(Duration.ofMinutes(3));
			}
			this.results.add("startup." + name, service.startedIn().toMillis() / 1000.0);
		}
	}

	/** f. Each service's resident memory at the end of the run. */
	private void memoryAfterRun() throws Exception {
		for (String name : SERVICES) {
			this.results.add("rss." + name, memory(this.stack.instances(name).get(0).pid(), "VmRSS"));
		}
	}

	/** A figure from {@code /proc/<pid>/status}, in MiB. */
	static double memory(long pid, String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
			}
		}
		throw new IllegalStateException("No " + field + " for process " + pid);
	}

	/** Lets the process's peak resident memory start again from what it holds now. */
	private static void resetPeakMemory(long pid) throws IOException {
		Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
	}

	/** Waits until the condition holds; fails if it does not within the timeout. */
	static void awaitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
		if (!waitUntil(timeout, condition)) {
			throw new IllegalStateException("Not done within " + timeout);
		}
	}

	/** Waits until the condition holds or the timeout passes; says whether it holds. */
	static boolean waitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
		return waitUntil(timeout, Duration.ofMillis(20), condition);
	}

	/**
	 * Waits until the condition, checked at the interval, holds or the timeout passes;
	 * says whether it holds.
	 */
	static boolean waitUntil(Duration timeout, Duration interval, BooleanSupplier condition)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(interval.toMillis());
		}
		return true;
	}

}
