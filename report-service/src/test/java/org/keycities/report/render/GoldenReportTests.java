package org.keycities.report.render;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.testsupport.ActivityTopic;
import org.keycities.testsupport.KeyCitiesSeed;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The Key Cities 2017 milestones, sent through the real broker, give the report of the
 * reference example: the Markdown and the HTML equal the reviewed golden files, and the
 * PDF and the DOCX have the same sections in the same order.
 */
@BrokerIntegrationTest
class GoldenReportTests {

	static final String REPORT = "/api/groups/key-cities/reports/2017";

	static final List<String> SECTIONS = List.of("Aim", "Key Activities / Outcomes of work undertaken",
			"Key Cities APPG", "Industrial Strategy", "Inclusive Growth Commission", "Core Cities");

	private static boolean published;

	@Autowired
	MockMvc mvc;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@BeforeEach
	void publishTheSeedOnce() {
		if (published) {
			return;
		}
		try (ActivityTopic topic = new ActivityTopic(this.brokers)) {
			topic.publish(KeyCitiesSeed.groupChanged());
			KeyCitiesSeed.milestonesRecorded().forEach(topic::publish);
		}
		// 404 until the group arrives; untilAsserted retries on failed expectations
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(markdown()).contains("Core Cities and Key Cities"));
		published = true;
	}

	@Test
	void markdownMatchesTheReviewedGoldenFile() throws Exception {
		assertThat(markdown()).isEqualTo(golden("key-cities-2017.md"));
	}

	@Test
	void htmlMatchesTheReviewedGoldenFile() throws Exception {
		String html = new String(download("html"), StandardCharsets.UTF_8);
		assertThat(html).isEqualTo(golden("key-cities-2017.html"));
	}

	@Test
	void pdfHasTheSameSectionsInTheSameOrderWithRunningHeaderAndPageNumbers() throws Exception {
		byte[] pdf = download("pdf");
		try (PDDocument document = Loader.loadPDF(pdf)) {
			String text = new PDFTextStripper().getText(document);
			String words = text.replaceAll("\\s+", " ");
			assertThat(words).contains("Key Cities Special Interest Group Annual Report to LGA Leadership Board")
				.contains("SIG Name: Key Cities Group")
				.contains("Lead Officer: Jill Laverick, Sunderland City Council");
			assertThat(lines(text)).containsSubsequence(SECTIONS);
			int pages = document.getNumberOfPages();
			for (int page = 1; page <= pages; page++) {
				PDFTextStripper onePage = new PDFTextStripper();
				onePage.setStartPage(page);
				onePage.setEndPage(page);
				List<String> lines = lines(onePage.getText(document));
				assertThat(lines.get(0)).isEqualTo("LGA Leadership Board");
				assertThat(lines).contains("Page " + page + " of " + pages);
			}
			assertThat(document.getPage(0).getMediaBox().getWidth()).isCloseTo(595f, offset(1f));
		}
	}

	@Test
	void docxHasRealWordHeadingsInTheSameOrderAndBulletedKeyRoles() throws Exception {
		try (XWPFDocument docx = new XWPFDocument(new ByteArrayInputStream(download("docx")))) {
			List<String> headings = new ArrayList<>();
			String title = null;
			int bullets = 0;
			for (XWPFParagraph paragraph : docx.getParagraphs()) {
				String style = paragraph.getStyle();
				if ("Title".equals(style)) {
					title = paragraph.getText();
				}
				if ("Heading1".equals(style) || "Heading2".equals(style)) {
					headings.add(paragraph.getText());
				}
				if (paragraph.getNumID() != null) {
					bullets++;
				}
			}
			assertThat(title).isEqualTo("Key Cities Special Interest Group Annual Report to LGA Leadership Board");
			assertThat(headings).isEqualTo(SECTIONS);
			assertThat(bullets).isEqualTo(6);
			assertThat(docx.getStyles().getStyle("Heading1").getName()).isEqualTo("heading 1");
		}
	}

	private String markdown() throws Exception {
		return new String(download("md"), StandardCharsets.UTF_8);
	}

	private byte[] download(String format) throws Exception {
		return this.mvc.perform(get(REPORT).param("format", format).with(httpBasic("board", "board")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
	}

	private static List<String> lines(String text) {
		return text.lines().map(String::strip).toList();
	}

	private static String golden(String name) throws IOException {
		try (InputStream in = GoldenReportTests.class.getResourceAsStream("/golden/" + name)) {
			assertThat(in).as("the reviewed golden file").isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
