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
import java.util.stream.IntStream;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Starts the whole system on this machine with nothing but a JDK, and stops it on Ctrl-C.
 * Run by {@code ./start} from the repository root. Data lives under {@code .local/}:
 * {@code ./start --fresh} begins again with empty stores.
 */
public final class LocalStack {

	private final Path repository;

	private final Path local;

	private final StackPorts ports;

	private final PrintStream out;

	private final List<ServiceProcess> services = new ArrayList<>();

	private final java.util.Map<String, List<String>> extraArguments = new java.util.HashMap<>();

	/** Further instances of the services, beside the first ones, when scaled out. */
	private final List<ServiceProcess> replicas = new ArrayList<>();

	private int instances = 1;

	private List<String> jvmOptions = ServiceProcess.QUICK_START;

	private KafkaBroker kafka;

	private MongoServer mongo;

	private MailCapture mail;

	/**
	 * @param repository the repository root, where each service's executable jar is built
	 * @param local where the data and the logs go
	 */
	public LocalStack(Path repository, Path local, StackPorts ports, PrintStream out) {
		this.repository = repository;
		this.local = local;
		this.ports = ports;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		Path repository = Path.of(System.getProperty("tracker.repository", ".")).toAbsolutePath().normalize();
		LocalStack stack = new LocalStack(repository, repository.resolve(".local"), StackPorts.defaults(), System.out);
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
			stack.loadDemoData();
			stack.printWelcome();
		}
		catch (Exception ex) {
			System.err.println();
			System.err.println("The system could not start: " + ex.getMessage());
			System.exit(1);
		}
		stopped.await();
	}

	/**
	 * Runs this many instances of each service side by side (each on its own port), as
	 * several machines would against one Kafka cluster and one MongoDB. Call before
	 * {@link #start()}.
	 */
	public LocalStack withInstances(int instances) {
		this.instances = instances;
		return this;
	}

	/**
	 * Adds command-line arguments for one service, e.g. shorter retry intervals in tests.
	 * Call before {@link #start()}.
	 */
	public LocalStack withArguments(String service, String... arguments) {
		this.extraArguments.computeIfAbsent(service, (name) -> new ArrayList<>()).addAll(List.of(arguments));
		return this;
	}

	/**
	 * Starts the services' JVMs with these options instead of {@code ./start}'s
	 * quick-start ones. Call before {@link #start()}.
	 */
	public LocalStack withJvmOptions(String... options) {
		this.jvmOptions = List.of(options);
		return this;
	}

	/** The options the services' JVMs are started with. */
	public List<String> jvmOptions() {
		return this.jvmOptions;
	}

	/**
	 * Starts the infrastructure and the three services and waits until all are healthy.
	 */
	public void start() throws IOException, InterruptedException {
		Path logs = Files.createDirectories(this.local.resolve("logs"));
		checkPortsFree();

		this.out.println("Starting Kafka (KRaft) on 127.0.0.1:" + this.ports.kafka() + " ...");
		this.kafka = new KafkaBroker(this.local.resolve("kafka"), this.ports.kafka(), this.ports.kafkaController());
		this.kafka.start(logs.resolve("kafka.log"));

		this.out.println("Starting the MongoDB wire-protocol server on 127.0.0.1:" + this.ports.mongo() + " ...");
		Files.createDirectories(this.local.resolve("mongo"));
		this.mongo = new MongoServer(
				new SortedIndexH2Backend(this.local.resolve("mongo").resolve("data.mv").toString()));
		this.mongo.bind("127.0.0.1", this.ports.mongo());

		this.out.println("Starting the SMTP server on 127.0.0.1:" + this.ports.smtp() + " ...");
		this.mail = new MailCapture(this.ports.smtp(), this.ports.mailWeb());
		this.mail.start();

		this.kafka.awaitReady(Duration.ofSeconds(60));
		String brokers = this.kafka.bootstrapServers();
		String mongoUri = mongoUri();
		List<String> common = List.of("--spring.cloud.stream.kafka.binder.brokers=" + brokers,
				"--spring.kafka.bootstrap-servers=" + brokers);
		this.services.add(new ServiceProcess("activity-service", this.ports.activity(),
				concat(common, "--spring.mongodb.uri=" + mongoUri + "activity")));
		this.services.add(new ServiceProcess("report-service", this.ports.report(),
				concat(common, "--spring.mongodb.uri=" + mongoUri + "report")));
		this.services.add(new ServiceProcess("notification-service", this.ports.notification(),
				concat(common, "--spring.mongodb.uri=" + mongoUri + "notification", "--spring.mail.host=127.0.0.1",
						"--spring.mail.port=" + this.ports.smtp(),
						"--tracker.notification.base-url=http://localhost:" + this.ports.notification())));
		for (ServiceProcess service : this.services) {
			service.jvmOptions(this.jvmOptions);
			service.addArguments(this.extraArguments.getOrDefault(service.name(), List.of()));
			for (int n = 2; n <= this.instances; n++) {
				this.replicas.add(service.replica(n, StackPorts.freePort()));
			}
		}
		for (ServiceProcess service : all()) {
			this.out.println("Starting " + service.name() + " on port " + service.port() + " ...");
			service.start(this.repository, logs.resolve(service.instanceName() + ".log"));
		}
		for (ServiceProcess service : all()) {
			service.awaitHealthy(Duration.ofMinutes(3));
		}
	}

	/** Loads the demo data through the public APIs unless an earlier run did. */
	public void loadDemoData() throws IOException, InterruptedException {
		DemoData demo = new DemoData(activity().url(), notification().url());
		if (demo.loadIfMissing()) {
			this.out
				.println("Loaded the demo data: the Key Cities Group, its 2017 milestones and three demo recipients.");
		}
		else {
			this.out.println("Found the data of an earlier run under .local/ (start with --fresh to begin again).");
		}
	}

	public ServiceProcess activity() {
		return this.services.get(0);
	}

	public ServiceProcess report() {
		return this.services.get(1);
	}

	public ServiceProcess notification() {
		return this.services.get(2);
	}

	/** Every instance of one service, the first one first. */
	public List<ServiceProcess> instances(String name) {
		return all().stream().filter((service) -> service.name().equals(name)).toList();
	}

	private List<ServiceProcess> all() {
		List<ServiceProcess> all = new ArrayList<>(this.services);
		all.addAll(this.replicas);
		return all;
	}

	public KafkaBroker kafka() {
		return this.kafka;
	}

	/** Where the stack's processes write their logs. */
	public Path logs() {
		return this.local.resolve("logs");
	}

	public MailCapture mail() {
		return this.mail;
	}

	public StackPorts ports() {
		return this.ports;
	}

	/** The MongoDB wire-protocol server, without a database name. */
	public String mongoUri() {
		return "mongodb://127.0.0.1:" + this.ports.mongo() + "/";
	}

	void printWelcome() {
		String report = report().url() + "/api/groups/key-cities/reports/2017";
		this.out.println();
		this.out.println("The SIG activity tracker is running. Press Ctrl-C to stop it.");
		this.out.println();
		this.out.println("  Officers' pages (record milestones)     " + activity().url() + "/");
		this.out.println("  Board's pages (read the reports)       " + report().url() + "/");
		this.out.println(
				"  Admins' pages (recipients, emails)     " + notification().url() + "/groups/key-cities/recipients");
		this.out.println("  Annual report, Key Cities 2017 (HTML)  " + report + "?format=html");
		this.out.println("  Annual report, Key Cities 2017 (PDF)   " + report + "?format=pdf");
		this.out.println("  Annual report as DOCX / Markdown       " + report + "?format=docx  |  ?format=md");
		this.out.println(
				"  Officers' API (milestones, groups)     " + activity().url() + "/api/groups/key-cities/milestones");
		this.out.println("  Recipients and delivery log (API)      " + notification().url()
				+ "/api/groups/key-cities/recipients  |  /deliveries");
		this.out.println("  Captured emails                        http://localhost:" + this.ports.mailWeb());
		this.out.println();
		this.out.println("  Sign in as officer / officer, board / board or admin / admin.");
		this.out.println("  Logs: " + this.local.resolve("logs") + "   Data: " + this.local);
	}

	/** Stops the services, then the infrastructure. The data stays. */
	public void stop() {
		this.out.println("Stopping ...");
		List<ServiceProcess> all = all();
		for (int i = all.size() - 1; i >= 0; i--) {
			all.get(i).stop();
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
		List<Integer> busy = IntStream.of(this.ports.all()).filter((port) -> !Ports.isFree(port)).boxed().toList();
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
