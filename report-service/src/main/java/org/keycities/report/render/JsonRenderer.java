package org.keycities.report.render;

import org.keycities.report.report.AnnualReport;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

@Component
class JsonRenderer implements ReportRenderer {

	private final JsonMapper json;

	JsonRenderer(JsonMapper json) {
		this.json = json;
	}

	@Override
	public ReportFormat format() {
		return ReportFormat.JSON;
	}

	@Override
	public byte[] render(AnnualReport report) {
		return this.json.writeValueAsBytes(report);
	}

}
