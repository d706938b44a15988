package org.keycities.notification;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.keycities.testsupport.InMemoryMongo;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service against real infrastructure in this JVM: a KRaft Kafka broker,
 * mongo-java-server and GreenMail. Every test class uses exactly this configuration, so
 * they share one cached context; tests keep apart by using their own group ids and
 * addresses. Retries and polling run in milliseconds here. (A second context would start
 * a second embedded broker, which takes over {@code spring.embedded.kafka.brokers} for
 * the whole JVM.)
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
		"tracker.notification.ingest.first-pause=20ms", "tracker.notification.ingest.max-pause=50ms",
		"spring.mail.properties[mail.smtp.ehlo]=false", "spring.mail.properties[mail.smtp.connectiontimeout]=2000",
		"spring.mail.properties[mail.smtp.timeout]=2000", "tracker.notification.sender.poll-interval=100ms",
		"tracker.notification.sender.lease=5s",
		// most tests publish milestones without their group's profile; the system tests
		// check the wait for the group's name
		"tracker.notification.sender.group-name-wait=0s", "tracker.notification.retry.initial-interval=50ms",
		"tracker.notification.retry.max-interval=300ms", "tracker.notification.retry.max-attempts=15",
		"tracker.notification.digest.cron=-", "tracker.notification.token-secret=test-secret-of-enough-length" })
@EmbeddedKafka(partitions = 1, topics = { "activity-events", "activity-events.notification-service.dlq" })
@ContextConfiguration(initializers = { InMemoryMongo.class, TestMailServer.class })
@AutoConfigureMockMvc
@AutoConfigureMetrics
public @interface NotificationServiceTest {

}
