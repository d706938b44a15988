package org.keycities.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.keycities.benchmarks.Results.Better;
import org.keycities.benchmarks.Results.Figure;

/** Writes the figures as {@code docs/benchmarks.md}. */
final class BenchmarkReport {

	static final String COMMAND = "./benchmark";

	private BenchmarkReport() {
	}

	static String markdown(Results results, int runs, String command, String jvmOptions) {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks\n\n");
		md.append("Written by `")
			.append(command)
			.append("` (see the README) on ")
			.append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
			.append(". Every figure is the median of ")
			.append(runs)
			.append(runs == 1 ? " run" : " runs")
			.append(", with the spread (lowest to highest) beside it.\n\n");
		md.append("## Machine\n\n");
		for (String line : machine()) {
			md.append("- ").append(line).append('\n');
		}
		md.append("- Services' JVM options: `").append(jvmOptions).append("`\n");
		md.append("- Everything on this one machine: the Kafka broker (KRaft, its own JVM), the MongoDB "
				+ "wire-protocol server (mongo-java-server, H2) and the SMTP server (GreenMail) in the benchmark's "
				+ "JVM, the three services as their own JVMs, and the benchmark's clients.\n\n");
		String section = null;
		for (Figure figure : results.figures()) {
			if (results.values(figure.key()).isEmpty()) {
				continue;
			}
			if (!figure.section().equals(section)) {
				section = figure.section();
				md.append("\n## ").append(section).append("\n\n");
				md.append("| Figure | Median | Spread | Target | Ratio to baseline |\n");
				md.append("|---|---:|---:|---|---|\n");
			}
			md.append("| ")
				.append(figure.label())
				.append(" | ")
				.append(number(results.median(figure.key())))
				.append(' ')
				.append(figure.unit())
				.append(" | ")
				.append(number(results.min(figure.key())))
				.append(" – ")
				.append(number(results.max(figure.key())))
				.append(" | ")
				.append(target(results, figure))
				.append(" | ")
				.append(ratio(results, figure))
				.append(" |\n");
		}
		md.append('\n').append(METHOD);
		return md.toString();
	}

	static void write(Path file, String markdown) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, markdown);
	}

	private static String target(Results results, Figure figure) {
		if (figure.target() == null) {
			return "";
		}
		String bound = (figure.better() == Better.HIGHER ? "at least " : "at most ") + number(figure.target()) + " "
				+ figure.unit();
		return bound + (figure.meets(results.median(figure.key())) ? ": **met**" : ": **missed**");
	}

	private static String ratio(Results results, Figure figure) {
		if (figure.baseline() == null || results.values(figure.baseline()).isEmpty()) {
			return "";
		}
		Figure baseline = results.figure(figure.baseline());
		double ratio = results.median(figure.key()) / results.median(figure.baseline());
		return String.format(Locale.ROOT, "%.3f × %s", ratio, baseline.label().replace("|", "/"));
	}

	static String number(double value) {
		if (value == Math.rint(value) && Math.abs(value) >= 10) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%,.0f" : "%.1f", value);
	}

	private static List<String> machine() {
		String cpu = "unknown";
		long memory = 0;
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(cpu);
			memory = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal:"))
				.mapToLong((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
				.findFirst()
				.orElse(0);
		}
		catch (IOException ex) {
			// not Linux: leave them out
		}
		return List.of(
				Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
						+ Math.round(memory / 1024.0 / 1024.0) + " GiB memory",
				System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
						+ System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
	}

	private static final String METHOD = """
			## How each figure is measured

			- **Baselines** run first in each run, on the same broker and servers the services use. Kafka:
			  one producer sends milestone-sized records (acks=all, idempotent) as fast as it can; the round
			  trip sends one record at a time at the end-to-end rate and times it to a consumer's poll. MongoDB:
			  as many threads as ingestion clients insert milestone-sized documents, each acknowledged, with
			  time-ordered ids as the services' (UUID version 7). SMTP:
			  one client sends multipart emails over one connection (the server's limit), then the same emails
			  opening a connection for each.
			- **Each run** restarts the services (but the first, which starts them), times their start-up
			  (f), runs a warm-up that is not measured (a to d at a smaller scale: 20 s of ingestion, 10 s
			  at 100 milestones/s end to end, 200 recipients, a year of 500 milestones in every format), so
			  that what is measured is the services' compiled code rather than their first minutes, then the
			  scenarios a to e and g, then takes each service's memory (f).
			- **Ratio to baseline** is the pipeline's median divided by the baseline's median: for a rate, the
			  share of the raw rate the pipeline reaches; for a latency, how many times the raw latency it takes.
			  Rendering and start-up have no infrastructure baseline.
			- **a.** Clients POST milestones with an Idempotency-Key over kept-alive connections, signed in
			  with HTTP Basic as an officer, for the whole period; accepted means 201. It is measured twice:
			  first on the services as the run found them (just started and warmed up), then again after
			  scenario b's settling rounds (see b), to a group of its own; every service reads that backlog
			  before c begins. The target is about the second: a sustained rate meets services that have
			  been running. (With `--only a` there are no settling rounds, and only the first is measured.)
			  The drain runs until report-service's consumer has read every event on the topic (its committed
			  offsets, looked at every 200 ms; it commits after its writes, at most a second later) and the
			  group's years in the report count every milestone accepted.
			- **b.** It begins once every service has read every event of scenario a (which waits only for the
			  report). Requests are sent at the fixed rate over four groups (each with one recipient), and each is
			  timed from when it was due, so a slow server cannot hide its delay. Every tenth milestone of each
			  group is watched for in the report (a tenth of all): it is in when
			  `GET /api/groups/{group}/reports/milestones/{id}` says so. The group's oldest watched milestone
			  not yet seen is asked for, again after a twentieth of its wait so far (20 ms to 1 s), so one
			  that arrives before an older one is timed when the older one is seen (never early). Every email
			  counts; it arrives when the SMTP server receives it. A milestone not in the report or not
			  emailed 60 s after the last request was due counts as 60 s. Each round has four groups of its
			  own, named so that they land on the topic's partitions in turn. It is measured twice: first on
			  the services as the run found them (just started and warmed up), then, after rounds of the same
			  load that are not measured until the services' JIT compiler threads use less than a tenth of
			  one core over a round (read from `/proc`; at most fourteen rounds), at their steady state. The target
			  is about the steady state: a sustained rate meets services that have been running.
			- **c.** The group's recipients are imported by CSV first; the time runs from the POST to the last
			  email the SMTP server receives.
			- **d.** The years are written straight to the topic once (as activity-service would publish them),
			  then each format is downloaded whole as a board member would: once, shown on its own (the first
			  download of that year in the run), then three more times, whose median is the
			  figure the target is about. Peak memory is report-service's peak resident set (VmHWM) over the
			  four downloads, reset just before them.
			- **e.** `POST /api/admin/rebuild`, which replays the whole topic; the rate is the events it
			  replayed over the time it reports. The first run first writes events to the topic until it
			  holds 100,000 and waits until every service has read them, so the rebuild does not share the
			  machine with the other services' backlog.
			- **f.** From launching each service's JVM to its health check answering UP (the first run times
			  the first start, later runs restart the service at their beginning); resident memory (VmRSS)
			  at the end of the run.
			- **g.** Once every service has read every event before it, the Kafka broker is stopped
			  (SIGTERM) and the ingestion's clients record milestones to a group of their own for
			  30 s, as in a. Activity-service keeps each one's event in MongoDB for the outbox's sweep. The
			  broker starts again 11 s after the last request, when every event is older than the sweep's
			  grace period (10 s), so the recovery measures the sweep's drain, with the wait for its next run
			  (every 5 s) and the consumers' reconnection; it ends as a's drain does. Lost: milestones accepted
			  and not in the report after it.

			What the profiles showed, what was changed and what is left: [performance.md](performance.md).
			""";

}
