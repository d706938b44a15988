package org.keycities.notification.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;

/**
 * The API needs OFFICER or ADMIN over HTTP Basic; the unsubscribe and preferences pages
 * are public because their signed token is the credential; health and prometheus are
 * public for the platform. No sessions and no cookies, so CSRF has nothing to protect
 * (and RFC 8058 one-click unsubscribe must work without it).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
class SecurityConfig {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, UserDetailsService users) throws Exception {
		BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
		basic.setRealmName("notification-service");
		DaoAuthenticationProvider bcrypt = new DaoAuthenticationProvider(users);
		bcrypt.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/unsubscribe", "/preferences", "/actuator/health", "/actuator/health/**",
					"/actuator/prometheus", "/error")
			.permitAll()
			.requestMatchers("/api/**")
			.hasAnyRole("OFFICER", "ADMIN")
			.anyRequest()
			.authenticated())
			.authenticationManager(new ProviderManager(new RememberingAuthenticationProvider(bcrypt)))
			.httpBasic((basicAuth) -> basicAuth.authenticationEntryPoint(basic))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(basic))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService(SecuritySettings settings) {
		InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
		settings.users()
			.forEach((user) -> manager.createUser(User.withUsername(user.username())
				.password(user.password())
				.roles(user.roles().toArray(String[]::new))
				.build()));
		return manager;
	}

}
