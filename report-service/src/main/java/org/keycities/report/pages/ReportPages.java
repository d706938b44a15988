package org.keycities.report.pages;

import java.util.List;
import java.util.Set;

import org.keycities.report.pages.PageModel.PageNotFound;
import org.keycities.report.render.HtmlRenderer;
import org.keycities.report.render.ReportFormat;
import org.keycities.report.render.ReportRenderers;
import org.keycities.report.report.AnnualReport;
import org.keycities.report.report.AnnualReports;
import org.keycities.report.report.GroupProfile;
import org.keycities.report.report.ReportYear;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The board's pages: choose a group, choose a year, read the report and download it. They
 * only read; a year such as {@code 2017/18} is written {@code 2017-18} in their
 * addresses.
 */
@Controller
class ReportPages {

	private static final Set<ReportFormat> DOWNLOADS = Set.of(ReportFormat.PDF, ReportFormat.DOCX, ReportFormat.MD);

	private final AnnualReports reports;

	private final ReportRenderers renderers;

	ReportPages(AnnualReports reports, ReportRenderers renderers) {
		this.reports = reports;
		this.renderers = renderers;
	}

	@GetMapping("/")
	String groups(Model model) {
		model.addAttribute("groups", this.reports.groups().stream().map(GroupLink::of).toList());
		return "groups";
	}

	@GetMapping("/groups/{groupId}/reports")
	String years(@PathVariable String groupId, @RequestParam(required = false) String year, Model model) {
		if (year != null && !year.isBlank()) {
			return "redirect:" + UriComponentsBuilder.fromPath("/groups/{groupId}/reports/{year}")
				.buildAndExpand(groupId, inAddress(year))
				.encode()
				.toUriString();
		}
		GroupProfile group = group(groupId);
		List<ReportYear> years = this.reports.years(groupId).orElse(List.of());
		model.addAttribute("group", GroupLink.of(group));
		model.addAttribute("years", years.stream().map(YearLink::of).toList());
		return "years";
	}

	@GetMapping("/groups/{groupId}/reports/{year}")
	String report(@PathVariable String groupId, @PathVariable String year, Model model) {
		AnnualReport report = report(groupId, year);
		model.addAttribute("group", GroupLink.of(group(groupId)));
		model.addAttribute("year", report.year());
		model.addAttribute("slug", inAddress(report.year()));
		model.addAttribute("report", HtmlRenderer.content(report));
		return "report-page";
	}

	/** The same bytes as the API's download, for someone signed in to the pages. */
	@GetMapping("/groups/{groupId}/reports/{year}/download/{format}")
	ResponseEntity<byte[]> download(@PathVariable String groupId, @PathVariable String year,
			@PathVariable String format) {
		ReportFormat wanted = ReportFormat.named(format)
			.filter(DOWNLOADS::contains)
			.orElseThrow(() -> new PageNotFound("Reports can be downloaded as PDF, Word (DOCX) or Markdown."));
		AnnualReport report = report(groupId, year);
		MediaType type = (wanted == ReportFormat.MD) ? MediaType.parseMediaType("text/markdown;charset=UTF-8")
				: wanted.mediaType();
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(wanted.filename(report)).build().toString())
			.body(this.renderers.render(report, wanted));
	}

	private GroupProfile group(String groupId) {
		return this.reports.group(groupId).orElseThrow(() -> new PageNotFound("There is no group with this address."));
	}

	private AnnualReport report(String groupId, String year) {
		group(groupId);
		return this.reports.report(groupId, year.replace('-', '/'))
			.orElseThrow(() -> new PageNotFound("This group has no report for " + year.replace('-', '/') + "."));
	}

	private static String inAddress(String year) {
		return year.trim().replace('/', '-');
	}

	record GroupLink(String id, String name) {

		static GroupLink of(GroupProfile group) {
			return new GroupLink(group.id(), group.name());
		}

	}

	record YearLink(String label, String slug, String period, long milestones) {

		static YearLink of(ReportYear year) {
			return new YearLink(year.year(), inAddress(year.year()), year.period(), year.milestones());
		}

	}

}
