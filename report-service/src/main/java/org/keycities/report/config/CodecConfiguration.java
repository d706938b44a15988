package org.keycities.report.config;

import org.keycities.activity.events.EventCodec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CodecConfiguration {

	/** Thread-safe, and it compiles the JSON Schemas once. */
	@Bean
	EventCodec eventCodec() {
		return new EventCodec();
	}

}
