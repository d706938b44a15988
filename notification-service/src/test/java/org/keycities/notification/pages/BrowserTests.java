package org.keycities.notification.pages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.keycities.activity.events.MilestoneRecorded;
import org.keycities.notification.Milestones;
import org.keycities.notification.NotificationServiceTest;
import org.keycities.notification.delivery.DeliveryLog;
import org.keycities.notification.delivery.DeliveryStatus;
import org.keycities.notification.recipient.Frequency;
import org.keycities.notification.recipient.Recipient;
import org.keycities.notification.recipient.RecipientManagement;
import org.keycities.notification.recipient.RecipientRequest;
import org.keycities.notification.security.RecipientTokens;
import org.keycities.notification.security.RecipientTokens.Purpose;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The admin pages in a real headless Chromium, without JavaScript shortcuts: the same
 * clicks and keys a council officer uses. Skipped where Debian's chromium is not
 * installed. Each test leaves screenshots under {@code target/screenshots/}.
 */
@NotificationServiceTest
class BrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	RecipientManagement management;

	@Autowired
	DeliveryLog deliveries;

	@Autowired
	RecipientTokens tokens;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@TempDir
	Path temp;

	final String group = "browser-" + UUID.randomUUID();

	WebDriver browser;

	String testName;

	@BeforeEach
	void startBrowser(TestInfo test) throws IOException {
		assumeTrue(Browser.installed(), "Chromium and chromedriver are not installed");
		this.testName = test.getTestMethod().orElseThrow().getName();
		this.browser = Browser.start();
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void anAdminImportsACsvSeesTheBadLineFixesItAndSeesTheRecipients() throws IOException {
		this.browser.get(url("/groups/" + this.group + "/recipients"));
		signIn("admin", "admin");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Recipients");
		assertThat(this.browser.findElement(By.id("no-recipients")).getText())
			.isEqualTo("There are no recipients yet.");

		Browser.clickToNextPage(this.browser, this.browser.findElement(By.linkText("Import from a CSV file")));
		upload("""
				council,name,email,frequency
				"Bradford, Metropolitan District Council",Cara Shah,cara.shah@bradford.gov.uk,
				Wakefield Council,Dev Roy,dev.roy.wakefield.gov.uk,WEEKLY_DIGEST
				""");
		WebElement summary = this.browser.findElement(By.className("govuk-error-summary"));
		assertThat(summary.getText()).contains("There is a problem")
			.contains("Line 3: Enter an email address in the correct format, like name@example.gov.uk");
		assertThat(this.browser.getTitle()).startsWith("Error: ");
		assertThat(this.browser.findElement(By.id("file-error")).getText())
			.contains("The file has 1 mistake. Nothing was imported");
		screenshot("1-import-errors");
		assertThat(this.management.list(this.group)).isEmpty();

		// the summary link takes keyboard focus to the file field
		summary
			.findElement(By.linkText("Line 3: Enter an email address in the correct format, like name@example.gov.uk"))
			.click();
		assertThat(this.browser.switchTo().activeElement().getAttribute("id")).isEqualTo("file");

		upload("""
				council,name,email,frequency
				"Bradford, Metropolitan District Council",Cara Shah,cara.shah@bradford.gov.uk,
				Wakefield Council,Dev Roy,dev.roy@wakefield.gov.uk,WEEKLY_DIGEST
				""");
		assertThat(this.browser.findElement(By.className("govuk-notification-banner")).getText())
			.contains("2 recipients were imported");
		String table = this.browser.findElement(By.id("recipients")).getText();
		assertThat(table).contains("Bradford, Metropolitan District Council", "Cara Shah", "cara.shah@bradford.gov.uk",
				"Each milestone", "Wakefield Council", "dev.roy@wakefield.gov.uk", "Weekly digest", "Subscribed");
		screenshot("2-recipients-imported");
		assertThat(this.management.list(this.group)).extracting(Recipient::getEmail)
			.containsExactlyInAnyOrder("cara.shah@bradford.gov.uk", "dev.roy@wakefield.gov.uk");
	}

	@Test
	void anOfficerAddsARecipientWithTheKeyboardAloneAfterAMistake() {
		this.browser.get(url("/groups/" + this.group + "/recipients/new"));
		signIn("officer", "officer");
		type("council", "Sunderland City Council");
		type("email", "ann.lee@sunderland");
		Browser.toNextPage(this.browser, () -> this.browser.switchTo().activeElement().sendKeys(Keys.ENTER));
		assertThat(this.browser.findElement(By.className("govuk-error-summary")).getText())
			.contains("Enter an email address in the correct format, like name@example.gov.uk");
		assertThat(this.browser.findElement(By.id("email-error")).getText())
			.contains("Enter an email address in the correct format");
		assertThat(this.browser.findElement(By.id("council")).getAttribute("value"))
			.isEqualTo("Sunderland City Council");
		screenshot("1-add-recipient-error");

		WebElement email = this.browser.findElement(By.id("email"));
		email.clear();
		Browser.toNextPage(this.browser, () -> email.sendKeys("ann.lee@sunderland.gov.uk", Keys.ENTER));
		assertThat(this.browser.findElement(By.className("govuk-notification-banner")).getText())
			.contains("ann.lee@sunderland.gov.uk was added");
		screenshot("2-recipient-added");

		Browser.clickToNextPage(this.browser, this.browser.findElement(By.partialLinkText("Remove")));
		screenshot("3-remove-confirmation");
		Browser.clickToNextPage(this.browser,
				this.browser.findElement(By.xpath("//button[normalize-space()='Yes, remove this recipient']")));
		assertThat(this.browser.findElement(By.className("govuk-notification-banner")).getText())
			.contains("ann.lee@sunderland.gov.uk was removed");
		assertThat(this.management.list(this.group)).isEmpty();
	}

	@Test
	void anAdminReadsAnEmailAsSentFromTheDeliveryLog() {
		this.management.add(this.group,
				new RecipientRequest("Leeds City Council", "Kim Park", "kim.park@leeds.gov.uk", null, null, null));
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			topic.publish(new MilestoneRecorded(Milestones.withTitle(Milestones.milestone(this.group),
					"Joint response to the skills consultation")));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.deliveries.search(this.group, DeliveryStatus.SENT, null, null, 10), (l) -> l.size() == 1);

		this.browser.get(url("/groups/" + this.group + "/deliveries"));
		signIn("admin", "admin");
		new Select(this.browser.findElement(By.id("status"))).selectByVisibleText("Sent");
		Browser.clickToNextPage(this.browser,
				this.browser.findElement(By.xpath("//button[normalize-space()='Show emails']")));
		assertThat(this.browser.findElement(By.id("deliveries")).getText()).contains("kim.park@leeds.gov.uk", "Sent");
		screenshot("1-delivery-log");

		Browser.clickToNextPage(this.browser, this.browser.findElement(By.partialLinkText("View")));
		assertThat(this.browser.findElement(By.id("subject")).getText())
			.contains("Joint response to the skills consultation");
		assertThat(this.browser.findElement(By.id("plain-text")).getText())
			.contains("Joint response to the skills consultation");
		this.browser.switchTo().frame(this.browser.findElement(By.className("app-message-frame")));
		assertThat(this.browser.findElement(By.tagName("body")).getText())
			.contains("Joint response to the skills consultation");
		this.browser.switchTo().defaultContent();
		screenshot("2-delivery");
	}

	@Test
	void aRecipientChangesPreferencesAndUnsubscribesFromTheLinksWithoutSigningIn() {
		Recipient recipient = this.management.add(this.group,
				new RecipientRequest("Hull City Council", "Pat Doe", "pat.doe@hull.gov.uk", null, null, null));
		this.browser.get(url("/preferences?token=" + this.tokens.issue(recipient.getId(), Purpose.PREFERENCES)));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).startsWith("Your email preferences");
		this.browser.findElement(By.cssSelector("label[for='frequency-weekly']")).click();
		Browser.clickToNextPage(this.browser,
				this.browser.findElement(By.xpath("//button[normalize-space()='Save preferences']")));
		assertThat(this.browser.findElement(By.className("govuk-notification-banner")).getText())
			.contains("Your preferences are saved.");
		screenshot("1-preferences-saved");
		assertThat(this.management.find(this.group, recipient.getId()).getFrequency())
			.isEqualTo(Frequency.WEEKLY_DIGEST);

		this.browser.get(url("/unsubscribe?token=" + this.tokens.issue(recipient.getId(), Purpose.UNSUBSCRIBE)));
		screenshot("2-unsubscribe");
		Browser.clickToNextPage(this.browser,
				this.browser.findElement(By.xpath("//button[normalize-space()='Unsubscribe']")));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("You are unsubscribed");
		screenshot("3-unsubscribed");
		assertThat(this.management.find(this.group, recipient.getId()).isSubscribed()).isFalse();
	}

	@Test
	void aBoardMemberIsToldTheyCannotUseTheAdminPagesAndCanSignOut() {
		this.browser.get(url("/groups/" + this.group + "/recipients"));
		signIn("board", "board");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("You cannot use this page");
		assertThat(this.browser.findElements(By.linkText("Add a recipient"))).isEmpty();
		screenshot("1-forbidden");
		Browser.clickToNextPage(this.browser,
				this.browser.findElement(By.xpath("//button[normalize-space()='Sign out']")));
		assertThat(this.browser.findElement(By.className("govuk-notification-banner")).getText())
			.contains("You have signed out");
	}

	private void signIn(String username, String password) {
		assertThat(this.browser.getCurrentUrl()).endsWith("/sign-in");
		screenshot("0-sign-in");
		type("username", username);
		type("password", password);
		Browser.toNextPage(this.browser, () -> this.browser.findElement(By.id("password")).sendKeys(Keys.ENTER));
		assertThat(this.browser.getCurrentUrl()).doesNotContain("/sign-in");
	}

	private void type(String id, String text) {
		WebElement field = this.browser.findElement(By.id(id));
		field.clear();
		field.sendKeys(text);
	}

	private void upload(String csv) throws IOException {
		Path file = Files.writeString(this.temp.resolve("recipients-" + UUID.randomUUID() + ".csv"), csv);
		this.browser.findElement(By.id("file")).sendKeys(file.toString());
		Browser.clickToNextPage(this.browser,
				this.browser.findElement(By.xpath("//button[normalize-space()='Import recipients']")));
	}

	private String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	private void screenshot(String name) {
		try {
			Browser.screenshot(this.browser, "BrowserTests-" + this.testName + "-" + name);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
