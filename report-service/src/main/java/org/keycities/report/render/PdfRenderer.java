package org.keycities.report.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.keycities.report.report.AnnualReport;

import org.springframework.stereotype.Component;

/**
 * A4 PDF with selectable text, made by openhtmltopdf from the XHTML page. The standard
 * PDF fonts cover the report's Latin text, so no font is embedded.
 */
@Component
class PdfRenderer implements ReportRenderer {

	private final HtmlRenderer html;

	PdfRenderer(HtmlRenderer html) {
		this.html = html;
	}

	@Override
	public ReportFormat format() {
		return ReportFormat.PDF;
	}

	@Override
	public byte[] render(AnnualReport report) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			PdfRendererBuilder builder = new PdfRendererBuilder();
			builder.useFastMode();
			builder.withHtmlContent(this.html.page(report, true), null);
			builder.toStream(out);
			builder.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
