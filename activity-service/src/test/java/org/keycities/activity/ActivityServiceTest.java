package org.keycities.activity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.keycities.activity.events.EventTypes;
import org.keycities.testsupport.InMemoryMongo;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service against a real in-JVM Kafka broker (KRaft: spring-kafka-test 4 has no
 * other, so {@code @EmbeddedKafka} has no {@code kraft} attribute any more) and the
 * in-memory MongoDB server. Every test class with this annotation shares one application
 * context, one broker and one database, so tests use their own group ids. The service
 * listens on a random port as well, so that the browser tests of the pages share the same
 * context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
				"tracker.outbox.sweep-interval=300ms", "tracker.outbox.grace-period=1s",
				"tracker.outbox.pause-after-failure=1s" })
@AutoConfigureMockMvc
@AutoConfigureMetrics
@EmbeddedKafka(partitions = 1, topics = EventTypes.TOPIC)
@ContextConfiguration(initializers = InMemoryMongo.class)
public @interface ActivityServiceTest {

}
