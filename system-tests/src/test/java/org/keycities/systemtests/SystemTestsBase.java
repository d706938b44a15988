package org.keycities.systemtests;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycities.activity.events.CloudEventHeaders;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.keycities.activity.events.EventTypes;
import org.keycities.localstack.LocalStack;
import org.keycities.localstack.ServiceProcess;
import org.keycities.localstack.StackPorts;
import org.keycities.testsupport.Browser;
import org.keycities.testsupport.ActivityTopic;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole system started as {@code ./start} starts it (a real Kafka broker and each
 * service in its own JVM), driven over HTTP only, with real faults injected. Each fault
 * test uses its own group and ends with the report holding exactly the accepted
 * milestones and every recipient holding exactly one email per milestone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SystemTestsBase {

	private static final Path REPOSITORY = Path.of(System.getProperty("tracker.repository", "..")).toAbsolutePath();

	private static final Duration SETTLE = Duration.ofMinutes(3);

	private static final Pattern CORRELATION = Pattern.compile("\\[([0-9a-f]{32})-[0-9a-f]{16}\\]");

	private final Api api = new Api();

	private final StackPorts ports = StackPorts.random();

	private Path data;

	private int calls;

	private LocalStack stack;

	@BeforeAll
	void startTheSystem() throws Exception {
		this.data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "system-test");
		this.stack = newStack();
		this.stack.start();
	}

	@AfterAll
	void stopTheSystem() {
		if (this.stack != null) {
			this.stack.stop();
		}
	}

	LocalStack stack() {
		return this.stack;
	}

	private LocalStack newStack() throws Exception {
		PrintStream log = new PrintStream(Files.newOutputStream(this.data.resolve("stack.log"),
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true,
				StandardCharsets.UTF_8);
		return new LocalStack(REPOSITORY, this.data, this.ports, log).withInstances(instances())
			.withArguments("notification-service", "--tracker.notification.retry.initial-interval=1s",
					"--tracker.notification.retry.max-interval=4s");
	}

	/** How many instances of each service run side by side. */
	abstract int instances();

	@Test
	@Order(1)
	void officerRecordsTheSeedMilestonesAndTheBoardPullsTheReportInEveryFormat() throws Exception {
		this.stack.loadDemoData();

		await().atMost(SETTLE).untilAsserted(() -> assertThat(milestonesInReport("key-cities", "2017")).isEqualTo(6));
		JsonNode report = this.api.json(reportUrl("key-cities", "2017"), "board");
		List<String> workstreams = new ArrayList<>();
		report.get("sections").forEach((section) -> workstreams.add(section.path("workstream").asString()));
		assertThat(workstreams).containsExactly("Key Cities APPG", "Industrial Strategy", "Inclusive Growth Commission",
				"Core Cities");

		HttpResponse<String> html = this.api.get(reportUrl("key-cities", "2017") + "?format=html", "board", "*/*");
		assertThat(html.statusCode()).isEqualTo(200);
		assertThat(html.body()).contains("Key Activities / Outcomes of work undertaken").contains("Jill Laverick");
		HttpResponse<String> markdown = this.api.get(reportUrl("key-cities", "2017") + "?format=md", "board", "*/*");
		assertThat(markdown.body()).contains("Key Cities APPG").contains("Core Cities");
		HttpResponse<byte[]> pdf = this.api.getBytes(reportUrl("key-cities", "2017") + "?format=pdf", "board", "*/*");
		assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
		assertThat(pdf.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((value) -> assertThat(value).contains("key-cities-annual-report-2017.pdf"));
		HttpResponse<byte[]> docx = this.api.getBytes(reportUrl("key-cities", "2017") + "?format=docx", "board", "*/*");
		assertThat(new String(docx.body(), 0, 2, StandardCharsets.US_ASCII)).isEqualTo("PK");

		// the demo recipients: everything, three types only, and a weekly digest
		await().atMost(SETTLE).untilAsserted(() -> {
			assertThat(emailsTo("sunderland.policy@example.org", "Key Cities Group")).isEqualTo(6);
			assertThat(emailsTo("wakefield.economy@example.org", "Key Cities Group")).isEqualTo(2);
		});
		assertThat(emailsTo("southend.ceo@example.org", "Key Cities Group")).isZero();
	}

	@Test
	@Order(2)
	void reportServiceKilledWhileMilestonesAreRecorded() throws Exception {
		Group group = createGroup("fault-kill", "Kill Test Group");
		for (int i = 1; i <= 200; i++) {
			record(group, i);
			if (i == 60) {
				this.stack.report().kill();
			}
		}
		this.stack.report().restart();
		this.stack.report().awaitHealthy(SETTLE);
		assertThat(this.stack.instances("report-service")).hasSize(instances());

		assertExactlyOnce(group, 200);
	}

	@Test
	@Order(3)
	void kafkaBrokerDownForFifteenSeconds() throws Exception {
		Group group = createGroup("fault-kafka", "Broker Test Group");
		record(group, 1);
		Instant stopped = Instant.now();
		this.stack.kafka().stop();
		for (int i = 2; i <= 21; i++) {
			record(group, i);
		}
		Thread.sleep(Math.max(0, Duration.ofSeconds(15).minus(Duration.between(stopped, Instant.now())).toMillis()));
		this.stack.kafka().restart();

		assertExactlyOnce(group, 21);
	}

	@Test
	@Order(4)
	void mailServerDownForThirtySeconds() throws Exception {
		Group group = createGroup("fault-smtp", "Mail Test Group");
		Instant stopped = Instant.now();
		this.stack.mail().stopSmtp();
		for (int i = 1; i <= 10; i++) {
			record(group, i);
		}
		Thread.sleep(Math.max(0, Duration.ofSeconds(30).minus(Duration.between(stopped, Instant.now())).toMillis()));
		this.stack.mail().startSmtp();

		assertExactlyOnce(group, 10);
	}

	@Test
	@Order(5)
	void poisonRecordGoesToEachDeadLetterTopicAndLaterEventsStillFlow() throws Exception {
		Group group = createGroup("fault-poison", "Poison Test Group");
		String poisonId;
		try (ActivityTopic topic = new ActivityTopic(this.stack.kafka().bootstrapServers())) {
			poisonId = topic.publishRaw(EventTypes.MILESTONE_RECORDED, group.id(),
					"{\"milestone\": not json".getBytes(StandardCharsets.UTF_8));
			record(group, 1);
			for (String dlq : List.of("activity-events.report-service.dlq",
					"activity-events.notification-service.dlq")) {
				await().atMost(SETTLE)
					.untilAsserted(() -> assertThat(topic.read(dlq, 1, Duration.ofSeconds(5)))
						.extracting((ConsumerRecord<String, byte[]> r) -> ActivityTopic.header(r, CloudEventHeaders.ID))
						.as("dead letters on %s", dlq)
						.contains(poisonId));
			}
		}
		assertExactlyOnce(group, 1);
	}

	@Test
	@Order(6)
	void everyProcessRestartedSendsNoEmailAgainAndChangesNoReport() throws Exception {
		List<String> groups = List.of("key-cities", "fault-kill", "fault-kafka", "fault-smtp", "fault-poison");
		Map<String, String> before = reports(groups);

		this.stack.stop();
		this.stack = newStack();
		this.stack.start();
		Thread.sleep(15_000);

		assertThat(reports(groups)).isEqualTo(before);
		assertThat(this.stack.mail().messages()).as("emails sent after the restart").isEmpty();
	}

	@Test
	@Order(7)
	void oneTraceRunsFromTheOfficersRequestToTheReportUpdateAndEachEmail() throws Exception {
		Group group = createGroup("trace", "Trace Test Group");
		HttpResponse<String> response = this.api.post(activity() + "/api/groups/trace/milestones", "officer", """
				{"type": "OTHER", "title": "Traced milestone", "date": "2026-03-01"}""", "trace-1");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		String id = Api.parse(response.body()).get("id").asString();
		await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(milestonesInReport(group.id(), group.year())).isEqualTo(1);
			for (String recipient : group.recipients()) {
				assertThat(emailsTo(recipient, group.name())).isEqualTo(1);
			}
		});

		List<String> recorded = logLines("activity-service", "Recorded milestone " + id + " for trace");
		assertThat(recorded).hasSize(1);
		String traceId = traceIdOf(recorded.get(0));
		// the log lines are written just before the report and the email are stored
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(logLines("report-service", "Applied " + EventTypes.MILESTONE_RECORDED + " "))
				.filteredOn((line) -> line.endsWith(" for " + id))
				.isNotEmpty()
				.allSatisfy((line) -> assertThat(traceIdOf(line)).isEqualTo(traceId));
			for (String recipient : group.recipients()) {
				assertThat(logLines("notification-service", "Sent IMMEDIATE email "))
					.filteredOn((line) -> line.endsWith(" to " + recipient))
					.isNotEmpty()
					.allSatisfy((line) -> assertThat(traceIdOf(line)).isEqualTo(traceId));
			}
		});
	}

	/** The lines containing the text in the logs of every instance of the service. */
	private List<String> logLines(String service, String text) throws IOException {
		List<String> found = new ArrayList<>();
		try (DirectoryStream<Path> logs = Files.newDirectoryStream(this.data.resolve("logs"), service + "*.log")) {
			for (Path log : logs) {
				try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
					lines.filter((line) -> line.contains(text)).forEach(found::add);
				}
			}
		}
		return found;
	}

	/** The trace id of Boot's correlation id {@code [traceId-spanId]} in a log line. */
	private static String traceIdOf(String line) {
		Matcher ids = CORRELATION.matcher(line);
		assertThat(ids.find()).as("trace and span ids in: %s", line).isTrue();
		return ids.group(1);
	}

	@Test
	@Order(8)
	void officerRecordsAMilestoneThroughTheFormAndTheBoardReadsItInTheReportPage() throws Exception {
		assumeTrue(Browser.installed(), "Debian's chromium and chromium-driver are not installed");
		WebDriver browser = Browser.start();
		String title = "Evidence given to the Cities Select Committee (" + instances() + ")";
		try {
			String activity = activity();
			signIn(browser, activity, "officer");
			browser.get(activity + "/groups/key-cities/milestones/new");
			new Select(browser.findElement(By.id("type"))).selectByVisibleText("Consultation response");
			browser.findElement(By.id("title")).sendKeys(title);
			browser.findElement(By.id("workstream")).sendKeys("Industrial Strategy");
			browser.findElement(By.id("date")).sendKeys("2017-11-20");
			browser.findElement(By.id("description")).sendKeys("The Group gave evidence on " + title + ".");
			Browser.clickToNextPage(browser,
					browser.findElement(By.cssSelector("#main-content form button[type=submit]")));
			assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(title);
			Browser.screenshot(browser, "officer-recorded-" + instances());

			String report = next("report-service");
			browser.manage().deleteAllCookies();
			signIn(browser, report, "board");
			await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
				browser.get(report + "/groups/key-cities/reports/2017");
				assertThat(browser.findElement(By.id("main-content")).getText()).contains(title)
					.contains("Key Activities / Outcomes of work undertaken");
			});
			Browser.screenshot(browser, "board-reads-report-" + instances());
		}
		finally {
			browser.quit();
		}
	}

	private static void signIn(WebDriver browser, String service, String user) {
		browser.get(service + "/sign-in");
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(user);
		// the next page may only be asked for once the session exists
		Browser.clickToNextPage(browser, browser.findElement(By.cssSelector("form button[type=submit]")));
		assertThat(browser.getCurrentUrl()).doesNotContain("/sign-in");
	}

	private record Group(String id, String name, String year, List<String> recipients) {
	}

	private Group createGroup(String id, String name) {
		String body = """
				{"id": "%s", "name": "%s", "leadMember": "Cllr A. Member", "leadOfficer": "A. Officer"}""".formatted(id,
				name);
		assertThat(this.api.post(activity() + "/api/groups", "officer", body, "group-" + id).statusCode())
			.isEqualTo(201);
		List<String> recipients = List.of(id + ".first@example.org", id + ".second@example.org");
		for (String email : recipients) {
			String recipient = """
					{"council": "Test Council", "name": "Test Recipient", "email": "%s", "types": [], "workstreams": [], "frequency": "IMMEDIATE"}"""
				.formatted(email);
			assertThat(this.api.post(notification() + "/api/groups/" + id + "/recipients", "admin", recipient, null)
				.statusCode()).isEqualTo(201);
		}
		return new Group(id, name, "2026", recipients);
	}

	private void record(Group group, int n) {
		String body = """
				{"type": "OTHER", "title": "Milestone %d", "date": "2026-03-%02d", "description": "Milestone number %d of the test."}"""
			.formatted(n, 1 + n % 28, n);
		HttpResponse<String> response = this.api.post(activity() + "/api/groups/" + group.id() + "/milestones",
				"officer", body, group.id() + "-" + n);
		assertThat(response.statusCode()).as("recording milestone %d: %s", n, response.body()).isEqualTo(201);
	}

	private void assertExactlyOnce(Group group, int milestones) {
		await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(milestonesInReport(group.id(), group.year())).isEqualTo(milestones);
			for (String recipient : group.recipients()) {
				assertThat(emailsTo(recipient, group.name())).as("emails to %s", recipient).isEqualTo(milestones);
			}
		});
		// nothing late either: no second email, no extra milestone
		await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(milestonesInReport(group.id(), group.year())).isEqualTo(milestones);
			for (String recipient : group.recipients()) {
				assertThat(emailsTo(recipient, group.name())).isEqualTo(milestones);
				assertThat(distinctSubjectsTo(recipient, group.name())).isEqualTo(milestones);
			}
		});
	}

	private int milestonesInReport(String groupId, String year) {
		HttpResponse<String> response = this.api.get(reportUrl(groupId, year), "board", "application/json");
		if (response.statusCode() != 200) {
			return -1;
		}
		int count = 0;
		for (JsonNode section : Api.parse(response.body()).get("sections")) {
			count += section.get("milestones").size();
		}
		return count;
	}

	private Map<String, String> reports(List<String> groups) {
		Map<String, String> reports = new TreeMap<>();
		for (String group : groups) {
			JsonNode report = this.api.json(reportUrl(group, group.equals("key-cities") ? "2017" : "2026"), "board");
			reports.put(group, report.get("group").toString() + report.get("sections").toString());
		}
		return reports;
	}

	private long emailsTo(String recipient, String groupName) throws MessagingException {
		return matching(recipient, groupName).size();
	}

	private long distinctSubjectsTo(String recipient, String groupName) throws MessagingException {
		List<String> subjects = new ArrayList<>();
		for (MimeMessage message : matching(recipient, groupName)) {
			subjects.add(message.getSubject());
		}
		return subjects.stream().distinct().count();
	}

	private List<MimeMessage> matching(String recipient, String groupName) throws MessagingException {
		List<MimeMessage> found = new ArrayList<>();
		for (MimeMessage message : this.stack.mail().messages()) {
			String subject = message.getSubject();
			var to = message.getRecipients(Message.RecipientType.TO);
			if (subject != null && subject.startsWith("[" + groupName + "]") && to != null
					&& List.of(to).stream().anyMatch((address) -> address.toString().contains(recipient))) {
				found.add(message);
			}
		}
		return found;
	}

	private String reportUrl(String groupId, String year) {
		return next("report-service") + "/api/groups/" + groupId + "/reports/" + year;
	}

	private String activity() {
		return next("activity-service");
	}

	private String notification() {
		return next("notification-service");
	}

	/** Spreads the calls over the instances of a service, as a load balancer would. */
	private String next(String service) {
		List<ServiceProcess> instances = this.stack.instances(service);
		return instances.get(this.calls++ % instances.size()).url();
	}

}
