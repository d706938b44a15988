package org.keycities.report.render;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.keycities.report.report.AnnualReport;

import org.springframework.stereotype.Component;

/** Renders a report in any format, timing each rendering by format. */
@Component
public class ReportRenderers {

	private final Map<ReportFormat, ReportRenderer> renderers = new EnumMap<>(ReportFormat.class);

	private final MeterRegistry meters;

	ReportRenderers(List<ReportRenderer> renderers, MeterRegistry meters) {
		renderers.forEach((renderer) -> this.renderers.put(renderer.format(), renderer));
		this.meters = meters;
	}

	public byte[] render(AnnualReport report, ReportFormat format) {
		Timer timer = Timer.builder("report.render").tag("format", format.extension()).register(this.meters);
		return timer.record(() -> this.renderers.get(format).render(report));
	}

}
