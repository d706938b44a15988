package org.keycities.activity.outbox;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(OutboxSettings.class)
class OutboxConfiguration {

	/** The sweep's lock lives in MongoDB, which every instance shares. */
	@Bean
	LockingTaskExecutor sweepLocks(MongoTemplate mongo) {
		return new DefaultLockingTaskExecutor(new MongoLockProvider(mongo.getDb()));
	}

}
