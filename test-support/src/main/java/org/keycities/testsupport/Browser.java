package org.keycities.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs when they are missing.
 */
public final class Browser {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration NEXT_PAGE = Duration.ofSeconds(30);

	private Browser() {
	}

	/**
	 * Whether Chromium and its driver are installed; browser tests are skipped if not.
	 */
	public static boolean installed() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
	}

	/**
	 * Starts headless Chromium, waiting up to five seconds for an element to appear. Its
	 * profile is a new directory under the module's {@code target}, so that
	 * {@code ./mvnw clean} removes it.
	 */
	public static WebDriver start() throws IOException {
		Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1400",
					"--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		WebDriver browser = new ChromeDriver(service, options);
		browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
		browser.manage().timeouts().pageLoadTimeout(NEXT_PAGE);
		return browser;
	}

	/**
	 * Clicks a button or link that leads to another page and waits until that page has
	 * replaced this one, so that what is read next is never the old page.
	 */
	public static void clickToNextPage(WebDriver browser, WebElement element) {
		toNextPage(browser, element::click);
	}

	/**
	 * Does what leads to another page (a click, or Enter in a form field) and waits until
	 * that page has replaced this one.
	 */
	public static void toNextPage(WebDriver browser, Runnable action) {
		WebElement page = browser.findElement(By.tagName("html"));
		action.run();
		WebDriverWait wait = new WebDriverWait(browser, NEXT_PAGE);
		wait.until(ExpectedConditions.stalenessOf(page));
		wait.until((driver) -> "complete"
			.equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
	}

	/** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
	public static void screenshot(WebDriver browser, String name) throws IOException {
		Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
		Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
	}

}
