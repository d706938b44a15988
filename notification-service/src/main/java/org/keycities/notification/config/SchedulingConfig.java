package org.keycities.notification.config;

import java.time.Clock;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "10m")
@EnableConfigurationProperties(NotificationSettings.class)
class SchedulingConfig {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Two instances never run the weekly digest at once. */
	@Bean
	LockProvider lockProvider(MongoTemplate mongo) {
		return new MongoLockProvider(mongo.getDb());
	}

}
