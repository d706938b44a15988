package org.keycities.report;

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
 * The whole service against the real in-JVM Kafka broker and the in-memory MongoDB
 * server. Every test class using it shares one application context, one broker and one
 * database, so each works on its own group id. A real server listens on a random port for
 * the browser test; MockMvc works beside it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 1, topics = { "activity-events", "activity-events.report-service.dlq" })
@ContextConfiguration(initializers = InMemoryMongo.class)
@AutoConfigureMockMvc
@AutoConfigureMetrics
public @interface BrokerIntegrationTest {

}
