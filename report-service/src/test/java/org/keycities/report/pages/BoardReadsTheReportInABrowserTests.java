package org.keycities.report.pages;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.report.AnnualReports;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.Browser;
import org.keycities.testsupport.KeyCitiesSeed;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A board member in a real (headless) Chromium: signs in, chooses Key Cities and 2017,
 * reads the report and downloads the PDF. Skipped where Chromium is not installed.
 */
@BrokerIntegrationTest
class BoardReadsTheReportInABrowserTests {

	@LocalServerPort
	int port;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Autowired
	AnnualReports reports;

	private WebDriver browser;

	@BeforeEach
	void seedAndStartChromium() throws Exception {
		assumeTrue(Browser.installed(), "Chromium and chromedriver are not installed");
		// another test class in the shared context may have published the seed already
		if (this.reports.report(KeyCitiesSeed.GROUP_ID, "2017").isEmpty()) {
			try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
				topic.publish(KeyCitiesSeed.groupChanged());
				KeyCitiesSeed.milestonesRecorded().forEach(topic::publish);
			}
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.reports.years(KeyCitiesSeed.GROUP_ID)
				.map((years) -> years.stream().anyMatch((y) -> y.year().equals("2017") && y.milestones() == 6))
				.orElse(false));
		this.browser = Browser.start();
		this.browser.manage().window().setSize(new Dimension(1100, 2400));
	}

	@AfterEach
	void stopChromium() throws Exception {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void boardMemberSignsInChoosesKeyCities2017ReadsTheReportAndDownloadsThePdf() throws Exception {
		String base = "http://127.0.0.1:" + this.port;
		this.browser.get(base + "/");
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
		this.browser.findElement(By.id("username")).sendKeys("board");
		this.browser.findElement(By.id("password")).sendKeys("board");
		Browser.clickToNextPage(this.browser, this.browser.findElement(By.cssSelector("button[type=submit]")));

		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Annual reports");
		Browser.clickToNextPage(this.browser,
				this.browser.findElement(By.cssSelector("a[href='/groups/key-cities/reports']")));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Choose a reporting year");
		WebElement year = this.browser.findElement(By.linkText("2017"));
		assertThat(year.findElement(By.xpath("ancestor::tr")).getText()).endsWith("6");
		Browser.clickToNextPage(this.browser, year);

		assertThat(this.browser.findElement(By.cssSelector("#report h1")).getText())
			.isEqualTo("Key Cities Special Interest Group Annual Report to LGA Leadership Board");
		List<String> workstreams = this.browser.findElements(By.cssSelector("#report h3"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(workstreams).containsExactly("Key Cities APPG", "Industrial Strategy", "Inclusive Growth Commission",
				"Core Cities");
		screenshot("board-reads-key-cities-2017");

		String pdfLink = this.browser.findElement(By.linkText("Download as PDF")).getAttribute("href");
		String session = this.browser.manage().getCookieNamed("JSESSIONID").getValue();
		HttpResponse<byte[]> pdf = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(pdfLink)).header("Cookie", "JSESSIONID=" + session).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(pdf.statusCode()).isEqualTo(200);
		assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
		assertThat(pdf.headers().firstValue("Content-Disposition"))
			.hasValue("attachment; filename=\"key-cities-annual-report-2017.pdf\"");
		assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

		Browser.clickToNextPage(this.browser,
				this.browser.findElement(By.cssSelector("form[action='/sign-out'] button")));
		assertThat(this.browser.findElement(By.cssSelector(".govuk-notification-banner__heading")).getText())
			.isEqualTo("You have signed out");
	}

	private void screenshot(String name) throws Exception {
		Browser.screenshot(this.browser, name);
	}

}
