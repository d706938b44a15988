package org.keycities.report.security;

import org.keycities.security.ConfiguredUsers;
import org.keycities.security.SecurityObservations;
import org.keycities.security.TrackerSecurityProperties;
import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic for {@code /api/**}, stateless: reading reports takes BOARD, OFFICER or
 * ADMIN; a rebuild takes ADMIN; refusals are problem details. The pages for people sign
 * in with a form and keep a session. Health and metrics are public.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrackerSecurityProperties.class)
@Import(SecurityObservations.class)
class SecurityConfiguration {

	static final String[] READERS = { "BOARD", "OFFICER", "ADMIN" };

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/api/admin/**")
				.hasRole("ADMIN")
				.requestMatchers(HttpMethod.GET, "/api/groups/**")
				.hasAnyRole(READERS)
				.anyRequest()
				.hasRole("ADMIN"))
			.httpBasic(Customizer.withDefaults())
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> problem(response, HttpStatus.UNAUTHORIZED,
						"Sign in to see reports", "Give your user name and password (HTTP Basic)."))
				.accessDeniedHandler((request, response, ex) -> problem(response, HttpStatus.FORBIDDEN,
						"You are not allowed to do this", "Your role does not allow this request.")))
			// a stateless API authenticated on every request: no session, so no CSRF
			// token
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	/**
	 * The board's pages in a browser: a sign-in form and a session, CSRF tokens on every
	 * form (sign-in and sign-out are the only ones). The pages only read.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
					"/error", "/webjars/**", "/assets/**", "/pages.css", "/favicon.ico", "/sign-in")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/", "/groups/**")
			.hasAnyRole(READERS)
			.anyRequest()
			.authenticated())
			.formLogin((form) -> form.loginPage("/sign-in").defaultSuccessUrl("/", false).permitAll())
			.logout((logout) -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signedOut"));
		return http.build();
	}

	@Bean
	AuthenticationProvider authenticationProvider(TrackerSecurityProperties properties) {
		return new ConfiguredUsers(properties);
	}

	private static void problem(HttpServletResponse response, HttpStatus status, String title, String detail)
			throws IOException {
		response.setStatus(status.value());
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"report-service\"");
		}
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
					+ ",\"detail\":\"" + detail + "\"}");
	}

}
