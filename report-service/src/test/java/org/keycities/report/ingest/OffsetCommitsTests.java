package org.keycities.report.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.keycities.activity.events.EventTypes;
import org.keycities.intake.Commits;
import org.keycities.report.BrokerIntegrationTest;
import org.keycities.report.ReportTestData;
import org.keycities.report.report.AnnualReports;
import org.keycities.testsupport.ActivityTopic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer commits what it has taken in about once a second ({@link Commits}), not
 * after every batch, and commits the last batch before a pause soon after it: a trickle
 * of one event every 50 ms, each read in a batch of its own, moves the committed offset a
 * few times, and once the trickle stops the committed offset reaches the end of the topic
 * within two intervals.
 */
@BrokerIntegrationTest
class OffsetCommitsTests {

	static final String GROUP = "commits-city";

	static final TopicPartition PARTITION = new TopicPartition(EventTypes.TOPIC, 0);

	static final Duration TRICKLE = Duration.ofSeconds(3);

	@Autowired
	AnnualReports reports;

	@Value("${spring.embedded.kafka.brokers}")
	String brokers;

	@Test
	void offsetsAreCommittedOnceAnIntervalAndTheLastBatchSoonAfterThePause() throws Exception {
		try (ActivityTopic topic = new ActivityTopic(this.brokers);
				Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers))) {
			topic.publish(ReportTestData.group(GROUP));
			await().atMost(Duration.ofSeconds(30)).until(() -> this.reports.group(GROUP).isPresent());

			Set<Long> committedValues = new HashSet<>();
			String last = null;
			int published = 0;
			long start = System.nanoTime();
			while (System.nanoTime() - start < TRICKLE.toNanos()) {
				last = GROUP + "-m" + published++;
				topic.publish(ReportTestData.recorded(GROUP, last, "Milestone " + published, null, "2017-04-01", null,
						List.of(), Instant.now()));
				committedValues.add(committed(admin));
				Thread.sleep(50);
			}
			String lastId = last;
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.reports.placeOf(this.reports.group(GROUP).orElseThrow(), lastId).isPresent());

			long end = end(admin);
			await().atMost(Commits.INTERVAL.multipliedBy(2).plusMillis(500))
				.pollInterval(Duration.ofMillis(50))
				.untilAsserted(() -> assertThat(committed(admin)).isEqualTo(end));
			// after every batch, the committed offset would have moved with nearly every
			// event published (about 60); once a second, it moves three or four times
			assertThat(published).isGreaterThan(30);
			assertThat(committedValues).as("committed offsets seen while %d events trickled in", published)
				.hasSizeLessThanOrEqualTo((int) (TRICKLE.dividedBy(Commits.INTERVAL) + 3));
		}
	}

	private static long committed(Admin admin) throws ExecutionException, InterruptedException {
		OffsetAndMetadata offset = admin.listConsumerGroupOffsets("report-service")
			.partitionsToOffsetAndMetadata()
			.get()
			.get(PARTITION);
		return (offset != null) ? offset.offset() : -1;
	}

	private static long end(Admin admin) throws ExecutionException, InterruptedException {
		return admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest())).all().get().get(PARTITION).offset();
	}

}
