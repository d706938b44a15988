package org.keycities.notification.security;

import org.keycities.security.ConfiguredUsers;
import org.keycities.security.SecurityObservations;
import org.keycities.security.TrackerSecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;

/**
 * Three kinds of caller, three filter chains, tried in order:
 * <ol>
 * <li>{@code /api/**}: OFFICER or ADMIN over HTTP Basic, no sessions and no cookies, so
 * CSRF has nothing to protect.</li>
 * <li>The pages: admins sign in with a form and get a session, so every form needs a CSRF
 * token, except the recipients' unsubscribe and preferences pages, which are public
 * because their signed token is the credential (and RFC 8058 one-click unsubscribe is a
 * POST from a mail client, which has no CSRF token).</li>
 * <li>Everything else: health and prometheus public for the platform, the rest 401.</li>
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrackerSecurityProperties.class)
@Import(SecurityObservations.class)
class SecurityConfig {

	private static final String[] PUBLIC_PAGES = { "/unsubscribe", "/preferences" };

	private static final String[] ASSETS = { "/webjars/**", "/assets/**", "/css/**", "/js/**", "/favicon.ico" };

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, AuthenticationManager authentication)
			throws Exception {
		BasicAuthenticationEntryPoint basic = basic();
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAnyRole("OFFICER", "ADMIN"))
			.authenticationManager(authentication)
			.httpBasic((basicAuth) -> basicAuth.authenticationEntryPoint(basic))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(basic))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pageSecurityFilterChain(HttpSecurity http, AuthenticationManager authentication)
			throws Exception {
		http.securityMatcher("/", "/sign-in", "/sign-out", "/forbidden", "/groups/**", "/unsubscribe", "/preferences",
				"/webjars/**", "/assets/**", "/css/**", "/js/**", "/favicon.ico")
			.authorizeHttpRequests((requests) -> requests.requestMatchers(PUBLIC_PAGES)
				.permitAll()
				.requestMatchers(ASSETS)
				.permitAll()
				.requestMatchers("/sign-in", "/forbidden")
				.permitAll()
				.anyRequest()
				.hasAnyRole("OFFICER", "ADMIN"))
			.authenticationManager(authentication)
			.formLogin(
					(form) -> form.loginPage("/sign-in").defaultSuccessUrl("/", false).failureUrl("/sign-in?error=1"))
			.logout((logout) -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signed-out=1"))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedPage("/forbidden"))
			.csrf((csrf) -> csrf.ignoringRequestMatchers(PUBLIC_PAGES));
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain securityFilterChain(HttpSecurity http, AuthenticationManager authentication) throws Exception {
		BasicAuthenticationEntryPoint basic = basic();
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.authenticationManager(authentication)
			.httpBasic((basicAuth) -> basicAuth.authenticationEntryPoint(basic))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(basic))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable());
		return http.build();
	}

	/** One remembered bcrypt check shared by the API and the sign-in form. */
	@Bean
	AuthenticationManager authenticationManager(TrackerSecurityProperties settings) {
		return new ProviderManager(new ConfiguredUsers(settings));
	}

	private static BasicAuthenticationEntryPoint basic() {
		BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
		basic.setRealmName("notification-service");
		return basic;
	}

}
