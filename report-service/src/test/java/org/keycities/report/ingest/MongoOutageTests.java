package org.keycities.report.ingest;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.EventCodec;
import org.keycities.activity.events.GroupChanged;
import org.keycities.intake.DeadLetters;
import org.keycities.intake.Traces;
import org.keycities.report.ReportTestData;
import org.keycities.report.report.GroupProfile;
import org.keycities.report.report.ProcessedEvent;
import org.keycities.report.report.ProcessedEvents;
import org.keycities.report.report.ReportModel;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A short MongoDB outage delays an event; it neither loses it nor dead-letters it. */
class MongoOutageTests {

	final EventCodec codec = new EventCodec();

	final ReportModel model = mock(ReportModel.class);

	final ProcessedEvents processed = mock(ProcessedEvents.class);

	final GroupChanged event = ReportTestData.group("outage-city");

	@Test
	void aShortOutageIsWaitedOutAndTheEventApplied() {
		when(this.model.store(any(GroupProfile.class))).thenThrow(unreachable())
			.thenThrow(unreachable())
			.thenReturn(true);
		EventIngestion ingestion = ingestion(Duration.ofSeconds(10));

		assertThat(ingestion.apply("ce-1", this.event.eventType(), this.codec.write(this.event)))
			.isEqualTo(EventIngestion.Outcome.APPLIED);
		verify(this.model, times(3)).store(any(GroupProfile.class));
		verify(this.processed).remember(any(ProcessedEvent.class));
	}

	@Test
	void aLongOutageGoesToTheBinderWithoutRememberingTheEvent() {
		when(this.model.store(any(GroupProfile.class))).thenThrow(unreachable());
		EventIngestion ingestion = ingestion(Duration.ofMillis(300));

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> ingestion.apply("ce-2", this.event.eventType(), this.codec.write(this.event)));
		verify(this.processed, never()).remember(any(ProcessedEvent.class));
	}

	private EventIngestion ingestion(Duration patience) {
		return new EventIngestion(this.codec, this.model, this.processed, new SimpleMeterRegistry(),
				new IngestSettings(patience, null, null, null), mock(DeadLetters.class),
				new Traces(Tracer.NOOP, Propagator.NOOP));
	}

	private static DataAccessResourceFailureException unreachable() {
		return new DataAccessResourceFailureException("Timed out while waiting for a server");
	}

}
