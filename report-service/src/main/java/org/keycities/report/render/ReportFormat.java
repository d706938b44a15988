package org.keycities.report.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.keycities.report.report.AnnualReport;

import org.springframework.http.MediaType;

/** The forms in which the board can have a report. */
public enum ReportFormat {

	JSON("json", MediaType.APPLICATION_JSON), HTML("html", MediaType.TEXT_HTML),
	MD("md", MediaType.parseMediaType("text/markdown")), PDF("pdf", MediaType.APPLICATION_PDF),
	DOCX("docx", MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));

	private final String extension;

	private final MediaType mediaType;

	ReportFormat(String extension, MediaType mediaType) {
		this.extension = extension;
		this.mediaType = mediaType;
	}

	public String extension() {
		return this.extension;
	}

	public MediaType mediaType() {
		return this.mediaType;
	}

	/**
	 * The name a downloaded report is saved under, e.g.
	 * {@code key-cities-annual-report-2017.pdf}.
	 */
	public String filename(AnnualReport report) {
		return report.group().id() + "-annual-report-" + report.fileYear() + "." + this.extension;
	}

	/** By the {@code ?format=} value: {@code json}, {@code html}, {@code md}... */
	public static Optional<ReportFormat> named(String name) {
		String wanted = name.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((f) -> f.extension.equals(wanted) || ("markdown".equals(wanted) && f == MD))
			.findFirst();
	}

	/** The first format an {@code Accept}-ed media type (say, {@code * /*}) allows. */
	public static Optional<ReportFormat> accepting(MediaType accepted) {
		return Arrays.stream(values()).filter((f) -> accepted.includes(f.mediaType)).findFirst();
	}

}
