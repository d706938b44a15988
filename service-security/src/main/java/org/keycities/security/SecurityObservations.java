package org.keycities.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No observation of Spring Security's filter chain, authentication or authorization; each
 * request is still traced and timed as a whole. Switching those observations off by
 * property ({@code management.observations.enable.spring.security}) only made them
 * no-ops: every filter of the chain was still wrapped for every request. With the bean,
 * the chain is not wrapped at all (activity-service's CPU per milestone recorded 3.10,
 * 3.24 and 2.92 ms without it, 3.01 and 2.45 ms with it; docs/performance.md).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityObservations {

	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
