package org.keycities.report.render;

import org.keycities.report.report.AnnualReport;

/** Writes an annual report in one format. */
public interface ReportRenderer {

	ReportFormat format();

	byte[] render(AnnualReport report);

}
