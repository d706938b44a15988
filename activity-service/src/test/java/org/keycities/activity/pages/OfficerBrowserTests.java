package org.keycities.activity.pages;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.keycities.activity.ActivityServiceTest;
import org.keycities.activity.events.CloudEventHeaders;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.EventTypes;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.keycities.activity.Requests.createGroup;
import static org.keycities.activity.Requests.group;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Officers use the pages in a real browser: headless Chromium, driven by Selenium,
 * against the whole service on a random port with the in-JVM Kafka broker and MongoDB.
 * Skipped on a machine without Debian's Chromium. Every test leaves a screenshot in
 * {@code target/screenshots}.
 */
@ActivityServiceTest
class OfficerBrowserTests {

	private static final EventCodec CODEC = new EventCodec();

	private static WebDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	EmbeddedKafkaBroker kafka;

	@BeforeAll
	static void startChromium() throws IOException {
		assumeTrue(Browser.installed(), "Debian's chromium and chromium-driver are not installed");
		browser = Browser.start();
	}

	@AfterAll
	static void stopChromium() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void signedOut() {
		browser.get(url("/sign-in"));
		browser.manage().deleteAllCookies();
	}

	@AfterEach
	void screenshot(TestInfo test) throws IOException {
		screenshot(test.getTestMethod().orElseThrow().getName());
	}

	private static void screenshot(String name) throws IOException {
		Browser.screenshot(browser, name);
	}

	@Test
	void anOfficerRecordsAMilestoneThroughTheFormSeesItListedAndItIsPublished() throws Exception {
		this.mvc.perform(createGroup(group("browser-record"))).andExpect(status().isCreated());
		signIn("officer", "officer");
		browser.get(url("/groups/browser-record"));
		Browser.clickToNextPage(browser, browser.findElement(By.linkText("Record a milestone")));

		new Select(browser.findElement(By.id("type"))).selectByVisibleText("Consultation response");
		browser.findElement(By.id("title")).sendKeys("Response to the Industrial Strategy green paper");
		browser.findElement(By.id("workstream")).sendKeys("Industrial Strategy");
		browser.findElement(By.id("date")).sendKeys("2017-04-17");
		browser.findElement(By.id("description")).sendKeys("The Group set out what its cities need.");
		browser.findElement(By.id("links")).sendKeys("https://www.keycities.co.uk/industrial-strategy");
		browser.findElement(By.id("partners")).sendKeys("BEIS\nCentre for Cities");
		Browser.clickToNextPage(browser, browser.findElement(By.cssSelector("#main-content form button[type=submit]")));

		assertThat(browser.findElement(By.cssSelector(".govuk-notification-banner--success")).getText())
			.contains("Milestone recorded");
		assertThat(browser.findElement(By.tagName("h1")).getText())
			.isEqualTo("Response to the Industrial Strategy green paper");
		assertThat(browser.findElement(By.cssSelector(".govuk-summary-list")).getText()).contains("17 April 2017")
			.contains("Centre for Cities");

		screenshot("anOfficerRecordsAMilestone-milestonePage");
		Browser.clickToNextPage(browser, browser.findElement(By.partialLinkText("Milestones of")));
		List<String> row = browser.findElements(By.cssSelector("table.govuk-table tbody tr td"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(row).containsExactly("17 April 2017", "Response to the Industrial Strategy green paper",
				"Consultation response", "Industrial Strategy", "Active");

		try (ActivityTopic topic = new ActivityTopic(this.kafka.getBrokersAsString())) {
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				List<ConsumerRecord<String, byte[]>> records = topic
					.read(EventTypes.TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(1))
					.stream()
					.filter((r) -> "browser-record".equals(r.key())
							&& EventTypes.MILESTONE_RECORDED.equals(ActivityTopic.header(r, CloudEventHeaders.TYPE)))
					.toList();
				assertThat(records).hasSize(1);
				MilestoneRecorded recorded = (MilestoneRecorded) CODEC
					.read(ActivityTopic.header(records.get(0), CloudEventHeaders.TYPE), records.get(0).value());
				assertThat(recorded.milestone().title()).isEqualTo("Response to the Industrial Strategy green paper");
				assertThat(recorded.milestone().recordedBy()).isEqualTo("officer");
				assertThat(recorded.milestone().partners()).containsExactly("BEIS", "Centre for Cities");
			});
		}
	}

	@Test
	void aWrongFormShowsTheErrorSummaryLinkedToTheFieldsAndKeepsWhatWasTyped() throws Exception {
		this.mvc.perform(createGroup(group("browser-mistakes"))).andExpect(status().isCreated());
		signIn("officer", "officer");
		browser.get(url("/groups/browser-mistakes/milestones/new"));
		new Select(browser.findElement(By.id("type"))).selectByVisibleText("Event");
		browser.findElement(By.id("date")).sendKeys("2017-02-30");
		browser.findElement(By.id("links")).sendKeys("ftp://files.example.org/report.pdf");
		browser.findElement(By.id("partners")).sendKeys("Centre for Cities");
		Browser.clickToNextPage(browser, browser.findElement(By.cssSelector("#main-content form button[type=submit]")));

		assertThat(browser.getTitle()).startsWith("Error: ");
		WebElement summary = browser.findElement(By.cssSelector(".govuk-error-summary"));
		List<String> targets = summary.findElements(By.cssSelector("a"))
			.stream()
			.map((a) -> a.getDomAttribute("href"))
			.toList();
		assertThat(targets).containsExactly("#title", "#date", "#links");
		assertThat(summary.getText()).contains("Enter a title")
			.contains("Enter a real date")
			.contains("Line 1: Enter the link as a web address starting with http:// or https://");
		assertThat(browser.findElement(By.id("title-error")).getText()).contains("Enter a title");
		assertThat(browser.findElement(By.id("date-error")).getText()).contains("Enter a real date");
		assertThat(browser.findElement(By.id("date")).getDomProperty("value")).isEqualTo("2017-02-30");
		assertThat(browser.findElement(By.id("links")).getDomProperty("value"))
			.isEqualTo("ftp://files.example.org/report.pdf");
		assertThat(browser.findElement(By.id("partners")).getDomProperty("value")).isEqualTo("Centre for Cities");
		assertThat(new Select(browser.findElement(By.id("type"))).getFirstSelectedOption().getText())
			.isEqualTo("Event");

		screenshot("aWrongFormShowsTheErrorSummary-top");
		summary.findElement(By.linkText("Enter a title")).click();
		assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("title");
	}

	@Test
	void anOfficerSignsInAndRecordsAMilestoneWithTheKeyboardOnly() throws Exception {
		this.mvc.perform(createGroup(group("browser-keyboard"))).andExpect(status().isCreated());
		browser.get(url("/sign-in"));
		tabTo("username").sendKeys("officer");
		WebElement password = tabTo("password");
		Browser.toNextPage(browser, () -> password.sendKeys("officer", Keys.ENTER));
		browser.get(url("/groups/browser-keyboard/milestones/new"));

		WebElement type = tabTo("type");
		type.sendKeys("Meeting");
		WebElement title = tabTo("title");
		Browser.toNextPage(browser, () -> title.sendKeys("Meeting with the Minister for Local Growth", Keys.ENTER));

		assertThat(browser.findElement(By.cssSelector(".govuk-notification-banner--success")).getText())
			.contains("Milestone recorded");
		assertThat(browser.findElement(By.cssSelector(".govuk-caption-l")).getText()).isEqualTo("Meeting");
	}

	@Test
	void aBoardMemberReadsTheListButSeesNoWriteActions() throws Exception {
		this.mvc.perform(createGroup(group("browser-board"))).andExpect(status().isCreated());
		signIn("board", "board");
		browser.get(url("/groups/browser-board"));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Coastal Special Interest Group");
		assertThat(browser.findElements(By.linkText("Record a milestone"))).isEmpty();
		assertThat(browser.findElements(By.linkText("Edit the group profile"))).isEmpty();
		browser.get(url("/groups/browser-board/milestones/new"));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("You cannot do this");
	}

	/**
	 * Presses Tab from where the focus is until the field has it, as a keyboard user
	 * would.
	 */
	private static WebElement tabTo(String id) {
		for (int presses = 0; presses < 40; presses++) {
			WebElement focused = browser.switchTo().activeElement();
			if (id.equals(focused.getDomAttribute("id"))) {
				return focused;
			}
			focused.sendKeys(Keys.TAB);
		}
		throw new AssertionError("Tab never reached #" + id);
	}

	private void signIn(String user, String password) {
		browser.get(url("/sign-in"));
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(password);
		Browser.clickToNextPage(browser, browser.findElement(By.cssSelector("#main-content form button[type=submit]")));
		assertThat(browser.findElement(By.cssSelector(".app-signed-in-as")).getText()).contains(user);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
