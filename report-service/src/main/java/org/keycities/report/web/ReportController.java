package org.keycities.report.web;

import java.util.List;
import java.util.Optional;

import org.keycities.report.render.ReportFormat;
import org.keycities.report.render.ReportRenderers;
import org.keycities.report.report.AnnualReport;
import org.keycities.report.report.AnnualReports;
import org.keycities.report.report.GroupProfile;
import org.keycities.report.report.MilestonePlace;
import org.keycities.report.report.ReportYear;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The board's reports. The format comes from {@code ?format=} if given, else from the
 * {@code Accept} header, else JSON.
 */
@RestController
@RequestMapping("/api/groups/{groupId}/reports")
class ReportController {

	private final AnnualReports reports;

	private final ReportRenderers renderers;

	ReportController(AnnualReports reports, ReportRenderers renderers) {
		this.reports = reports;
		this.renderers = renderers;
	}

	@GetMapping
	List<ReportYear> years(@PathVariable String groupId) {
		return this.reports.years(groupId).orElseThrow(() -> ReportProblem.unknownGroup(groupId));
	}

	/**
	 * Where one milestone stands in the reports: the year it is filed under and whether
	 * it is in that year's report, without compiling the report.
	 */
	@GetMapping("/milestones/{milestoneId}")
	MilestonePlace milestone(@PathVariable String groupId, @PathVariable String milestoneId) {
		GroupProfile group = this.reports.group(groupId).orElseThrow(() -> ReportProblem.unknownGroup(groupId));
		return this.reports.placeOf(group, milestoneId)
			.orElseThrow(() -> ReportProblem.unknownMilestone(groupId, milestoneId));
	}

	/**
	 * A year given as {@code 2017}, {@code 2017-18} or, as two path segments,
	 * {@code 2017/18}.
	 */
	@GetMapping({ "/{year}", "/{startYear}/{endYear}" })
	ResponseEntity<byte[]> report(@PathVariable String groupId, @PathVariable(required = false) String year,
			@PathVariable(required = false) String startYear, @PathVariable(required = false) String endYear,
			@RequestParam(required = false) String format,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		ReportFormat wanted = negotiate(format, accept);
		String label = (year != null) ? year.replace('-', '/') : startYear + "/" + endYear;
		AnnualReport report = this.reports.report(groupId, label)
			.orElseThrow(() -> ReportProblem.unknownReport(groupId, label));
		ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(contentType(wanted));
		if (wanted != ReportFormat.JSON) {
			String filename = wanted.filename(report);
			ContentDisposition disposition = (wanted == ReportFormat.HTML)
					? ContentDisposition.inline().filename(filename).build()
					: ContentDisposition.attachment().filename(filename).build();
			response.header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString());
		}
		return response.body(this.renderers.render(report, wanted));
	}

	private static MediaType contentType(ReportFormat format) {
		return switch (format) {
			case HTML -> MediaType.parseMediaType("text/html;charset=UTF-8");
			case MD -> MediaType.parseMediaType("text/markdown;charset=UTF-8");
			default -> format.mediaType();
		};
	}

	private static ReportFormat negotiate(String format, String accept) {
		if (format != null) {
			return ReportFormat.named(format).orElseThrow(() -> ReportProblem.unknownFormat(format));
		}
		if (accept == null || accept.isBlank()) {
			return ReportFormat.JSON;
		}
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			throw ReportProblem.unknownFormat(accept);
		}
		// highest quality first; the stable sort keeps the client's order among equals
		return accepted.stream()
			.sorted((a, b) -> Double.compare(b.getQualityValue(), a.getQualityValue()))
			.filter((type) -> type.getQualityValue() > 0)
			.map(ReportFormat::accepting)
			.flatMap(Optional::stream)
			.findFirst()
			.orElseThrow(() -> ReportProblem.unknownFormat(accept));
	}

}
