package org.keycities.activity.outbox;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How pending events are relayed to Kafka.
 *
 * @param collections the MongoDB collections whose documents hold pending events
 * @param sweepInterval how often the sweep looks for events left behind
 * @param gracePeriod how old a pending event must be before the sweep takes it, so the
 * sweep does not race the relay that runs right after the write
 * @param sweepBatch how many documents one sweep takes from each collection at most; a
 * sweep also stops taking documents once it has run for half its lock's time (six sweep
 * intervals), which ends a long one first at the rates measured (docs/performance.md)
 * @param pauseAfterFailure how long the relay leaves publishing to the sweep after a
 * failure, so that requests do not pile up behind a broker that is down
 * @param relayQueue how many writes' events the relay threads hold at most, waiting to be
 * published; the events of writes beyond that wait in MongoDB for the sweep
 */
@ConfigurationProperties("tracker.outbox")
public record OutboxSettings(@DefaultValue( {
		"groups", "milestones" }) List<String> collections, @DefaultValue("5s") Duration sweepInterval,
		@DefaultValue("10s") Duration gracePeriod, @DefaultValue("50000") int sweepBatch,
		@DefaultValue("5s") Duration pauseAfterFailure, @DefaultValue("10000") int relayQueue){

}
