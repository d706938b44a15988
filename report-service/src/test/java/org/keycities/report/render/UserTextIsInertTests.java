package org.keycities.report.render;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFHyperlink;
import org.junit.jupiter.api.Test;
import org.keycities.report.report.AnnualReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever an officer types (markup, scripts, {@code javascript:} links) is printed as
 * text in every format, and only http(s) links are ever clickable.
 */
class UserTextIsInertTests {

	static final String SCRIPT = "<script>alert(1)</script>";

	static final String JS_LINK = "javascript:alert(1)";

	static final String HTTPS_LINK = "https://example.org/report?a=1&b=2";

	final AnnualReport report = hostileReport();

	final HtmlRenderer html = new HtmlRenderer();

	@Test
	void htmlEscapesUserTextAndLinksOnlyHttp() {
		String page = new String(this.html.render(this.report), StandardCharsets.UTF_8);
		assertThat(page).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
		assertThat(page).doesNotContain("<b>bold</b>").contains("&lt;b&gt;bold&lt;/b&gt;");
		assertThat(page).doesNotContainIgnoringCase("href=\"javascript").contains(">javascript:alert(1)</span>");
		assertThat(page).contains("href=\"https://example.org/report?a=1&amp;b=2\"");
		assertThat(hrefs(page)).containsExactly("https://example.org/report?a=1&amp;b=2");
	}

	@Test
	void markdownEscapesUserTextAndLinksOnlyHttp() {
		String md = new String(new MarkdownRenderer().render(this.report), StandardCharsets.UTF_8);
		assertThat(md).doesNotContainPattern("(?<!\\\\)<script").contains("\\<script\\>alert(1)\\</script\\>");
		assertThat(md).contains("\\[click\\](javascript:alert(1))").doesNotContainPattern("(?<!\\\\)\\]\\(javascript");
		assertThat(md).contains("\\*\\*not bold\\*\\*");
		assertThat(md).contains("\n\\# not a heading").contains("\n1\\. not a list");
		assertThat(md).doesNotContain("<javascript").contains("<" + HTTPS_LINK + ">");
	}

	@Test
	void pdfPrintsUserTextAndLinksOnlyHttp() throws Exception {
		try (PDDocument pdf = Loader.loadPDF(new PdfRenderer(this.html).render(this.report))) {
			String text = new PDFTextStripper().getText(pdf);
			assertThat(text).contains(SCRIPT).contains(JS_LINK).contains("<b>bold</b>");
			List<String> uris = new ArrayList<>();
			for (PDPage page : pdf.getPages()) {
				for (PDAnnotation annotation : page.getAnnotations()) {
					if (annotation instanceof PDAnnotationLink link && link.getAction() instanceof PDActionURI uri) {
						uris.add(uri.getURI());
					}
				}
			}
			assertThat(uris).containsExactly(HTTPS_LINK);
		}
	}

	@Test
	void docxPrintsUserTextAndLinksOnlyHttp() throws Exception {
		try (XWPFDocument docx = new XWPFDocument(new ByteArrayInputStream(new DocxRenderer().render(this.report)));
				XWPFWordExtractor extractor = new XWPFWordExtractor(docx)) {
			assertThat(extractor.getText()).contains(SCRIPT).contains(JS_LINK).contains("<b>bold</b>");
			assertThat(docx.getHyperlinks()).extracting(XWPFHyperlink::getURL).containsExactly(HTTPS_LINK);
		}
	}

	private static List<String> hrefs(String page) {
		List<String> hrefs = new ArrayList<>();
		Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(page);
		while (m.find()) {
			hrefs.add(m.group(1));
		}
		return hrefs;
	}

	static AnnualReport hostileReport() {
		AnnualReport.Group group = new AnnualReport.Group("hostile", "<b>bold</b> report", "<b>bold</b> group", SCRIPT,
				"Officer", null, null, null, JS_LINK, List.of(), "# not a heading\n\n1. not a list", "Roles:",
				List.of(SCRIPT));
		AnnualReport.Milestone titleOnly = new AnnualReport.Milestone("m1", "OTHER", SCRIPT, null, null,
				List.of(JS_LINK), List.of());
		AnnualReport.Milestone described = new AnnualReport.Milestone("m2", "OTHER", SCRIPT, "2017-02",
				SCRIPT + " **not bold** [click](javascript:alert(1)) <b>bold</b>\n# not a heading\n1. not a list",
				List.of(JS_LINK, HTTPS_LINK), List.of());
		return new AnnualReport(group, "2017", "1 January 2017 to 31 December 2017",
				List.of(new AnnualReport.Section(null, List.of(titleOnly)),
						new AnnualReport.Section(SCRIPT, List.of(described))),
				new AnnualReport.AsOf(2, Instant.parse("2017-05-02T09:00:00Z")));
	}

}
