package org.keycities.notification.delivery;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/** What operators watch: emails sent, retried and failed by kind, and the backlog. */
@Component
class DeliveryMetrics {

	private final MeterRegistry registry;

	DeliveryMetrics(MeterRegistry registry, DeliveryLog log) {
		this.registry = registry;
		Gauge.builder("deliveries.pending", log, DeliveryLog::countNotSent)
			.description("Deliveries not sent yet, including those waiting for a retry")
			.register(registry);
		Gauge.builder("deliveries.retrying", log, DeliveryLog::countRetrying)
			.description("Deliveries waiting for a retry after a failed send")
			.register(registry);
	}

	void sent(DeliveryKind kind, Duration sinceEvent) {
		counter("emails.sent", kind).increment();
		if (sinceEvent != null) {
			Timer.builder("emails.delivery.latency")
				.description("From the event's time to the email being sent")
				.tag("kind", kind.name())
				.register(this.registry)
				.record(sinceEvent);
		}
	}

	void retried(DeliveryKind kind) {
		counter("emails.retried", kind).increment();
	}

	void failed(DeliveryKind kind) {
		counter("emails.failed", kind).increment();
	}

	private Counter counter(String name, DeliveryKind kind) {
		return Counter.builder(name).tag("kind", kind.name()).register(this.registry);
	}

}
