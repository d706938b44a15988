package org.keycities.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Starts the whole system on this machine with nothing but a JDK, and stops it on Ctrl-C.
 * Run by {@code ./start} from the repository root. Data lives under {@code .local/}:
 * {@code ./start --fresh} begins again with empty stores.
 */
public final class LocalStack {

	static final int KAFKA_PORT = 9092;

	static final int KAFKA_CONTROLLER_PORT = 9093;

	static final int MONGO_PORT = 27017;

	static final int SMTP_PORT = 3025;

	static final int MAIL_WEB_PORT = 8025;

	private final Path repository;

	private final Path local;

	private final PrintStream out = System.out;

	private final List<ServiceProcess> services = new ArrayList<>();

	private KafkaBroker kafka;

	private MongoServer mongo;

	private MailCapture mail;

	LocalStack(Path repository) {
		this.repository = repository;
		this.local = repository.resolve(".local");
	}

	public static void main(String[] args) throws Exception {
		Path repository = Path.of(System.getProperty("tracker.repository", ".")).toAbsolutePath().normalize();
		LocalStack stack = new LocalStack(repository);
		if (List.of(args).contains("--fresh")) {
			stack.deleteData();
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stack.stop();
			stopped.countDown();
		}, "local-stack-stop"));
		try {
			stack.start();
		}
		catch (Exception ex) {
			System.err.println();
			System.err.println("The system could not start: " + ex.getMessage());
			System.exit(1);
		}
		stopped.await();
	}

	void start() throws IOException, InterruptedException {
		Path logs = Files.createDirectories(this.local.resolve("logs"));
		checkPortsFree();

		this.out.println("Starting Kafka (KRaft) on 127.0.0.1:" + KAFKA_PORT + " ...");
		this.kafka = new KafkaBroker(this.local.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT);
		this.kafka.start(logs.resolve("kafka.log"));

		this.out.println("Starting the MongoDB wire-protocol server on 127.0.0.1:" + MONGO_PORT + " ...");
		Files.createDirectories(this.local.resolve("mongo"));
		this.mongo = new MongoServer(new H2Backend(this.local.resolve("mongo").resolve("data.mv").toString()));
		this.mongo.bind("127.0.0.1", MONGO_PORT);

		this.out.println("Starting the SMTP server on 127.0.0.1:" + SMTP_PORT + " ...");
		this.mail = new MailCapture(SMTP_PORT, MAIL_WEB_PORT);
		this.mail.start();

		this.kafka.awaitReady(Duration.ofSeconds(60));
		String brokers = this.kafka.bootstrapServers();
		String mongoUri = "mongodb://127.0.0.1:" + MONGO_PORT + "/";
		List<String> common = List.of("--spring.cloud.stream.kafka.binder.brokers=" + brokers,
				"--spring.kafka.bootstrap-servers=" + brokers);
		this.services.add(new ServiceProcess("activity-service", 8081,
				concat(common, "--spring.mongodb.uri=" + mongoUri + "activity")));
		this.services.add(new ServiceProcess("report-service", 8082,
				concat(common, "--spring.mongodb.uri=" + mongoUri + "report")));
		this.services.add(new ServiceProcess("notification-service", 8083,
				concat(common, "--spring.mongodb.uri=" + mongoUri + "notification", "--spring.mail.host=127.0.0.1",
						"--spring.mail.port=" + SMTP_PORT)));
		for (ServiceProcess service : this.services) {
			this.out.println("Starting " + service.name() + " on port " + service.port() + " ...");
			service.start(this.repository, logs.resolve(service.name() + ".log"));
		}
		for (ServiceProcess service : this.services) {
			service.awaitHealthy(Duration.ofMinutes(3));
		}

		DemoData demo = new DemoData(this.services.get(0).url(), this.services.get(2).url());
		if (demo.loadIfMissing()) {
			this.out
				.println("Loaded the demo data: the Key Cities Group, its 2017 milestones and three demo recipients.");
		}
		else {
			this.out.println("Found the data of an earlier run under .local/ (start with --fresh to begin again).");
		}
		printWelcome();
	}

	private void printWelcome() {
		String report = this.services.get(1).url() + "/api/groups/key-cities/reports/2017";
		this.out.println();
		this.out.println("The SIG activity tracker is running. Press Ctrl-C to stop it.");
		this.out.println();
		this.out.println("  Annual report, Key Cities 2017 (HTML)  " + report + "?format=html");
		this.out.println("  Annual report, Key Cities 2017 (PDF)   " + report + "?format=pdf");
		this.out.println("  Annual report as DOCX / Markdown       " + report + "?format=docx  |  ?format=md");
		this.out.println("  Officers' API (milestones, groups)     " + this.services.get(0).url()
				+ "/api/groups/key-cities/milestones");
		this.out.println("  Recipients and delivery log (API)      " + this.services.get(2).url()
				+ "/api/groups/key-cities/recipients  |  /deliveries");
		this.out.println("  Captured emails                        http://localhost:" + MAIL_WEB_PORT);
		this.out.println();
		this.out.println("  Sign in as officer / officer, board / board or admin / admin.");
		this.out.println("  Logs: " + this.local.resolve("logs") + "   Data: " + this.local);
	}

	void stop() {
		this.out.println("Stopping ...");
		for (int i = this.services.size() - 1; i >= 0; i--) {
			this.services.get(i).stop();
		}
		if (this.kafka != null) {
			this.kafka.stop();
		}
		if (this.mongo != null) {
			// closing the H2 backend writes its data to .local/mongo
			this.mongo.shutdown();
		}
		if (this.mail != null) {
			this.mail.stop();
		}
		this.out.println("Stopped. The data is kept under " + this.local + ".");
	}

	private void checkPortsFree() {
		List<Integer> busy = Stream
			.of(KAFKA_PORT, KAFKA_CONTROLLER_PORT, MONGO_PORT, SMTP_PORT, MAIL_WEB_PORT, 8081, 8082, 8083)
			.filter((port) -> !Ports.isFree(port))
			.toList();
		if (!busy.isEmpty()) {
			throw new IllegalStateException("These ports are in use, perhaps by an earlier run that is still going: "
					+ busy + ". Stop it first.");
		}
	}

	private void deleteData() throws IOException {
		if (!Files.exists(this.local)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(this.local)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static List<String> concat(List<String> first, String... more) {
		List<String> all = new ArrayList<>(first);
		all.addAll(List.of(more));
		return all;
	}

}
