package org.keycities.activity.security;

import org.keycities.security.ConfiguredUsers;
import org.keycities.security.SecurityObservations;
import org.keycities.security.TrackerSecurityProperties;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic for {@code /api/**}, stateless: officers and admins write, the board only
 * reads. Authentication comes first, so an anonymous request is answered 401 before its
 * body is even read. The pages for people use a sign-in form and a session instead, with
 * the same users and roles. Health and metrics are public.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrackerSecurityProperties.class)
@Import(SecurityObservations.class)
public class SecurityConfiguration {

	static final String[] WRITERS = { "OFFICER", "ADMIN" };

	static final String[] READERS = { "OFFICER", "BOARD", "ADMIN" };

	@Bean
	AuthenticationProvider configuredUsers(TrackerSecurityProperties properties) {
		return new ConfiguredUsers(properties);
	}

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, AuthenticationProvider users) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, "/api/**")
				.hasAnyRole(READERS)
				.anyRequest()
				.hasAnyRole(WRITERS))
			.authenticationProvider(users)
			.httpBasic((basic) -> basic.realmName("activity-service")
				.authenticationEntryPoint((request, response, ex) -> signInFirst(response)))
			.exceptionHandling((handling) -> handling
				.authenticationEntryPoint((request, response, ex) -> signInFirst(response))
				.accessDeniedHandler((request, response, ex) -> write(response, 403, "You may not do this",
						"Your role lets you read the activity log but not change it. Ask an officer or an admin")))
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	/**
	 * The pages people use in a browser: a sign-in form and a session, with CSRF tokens
	 * on every form. The board may look but every page that changes something, and every
	 * POST, is for officers and admins.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http, AuthenticationProvider users) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
					"/error", "/webjars/**", "/assets/**", "/pages.css", "/favicon.ico", "/sign-in")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/groups/new", "/groups/*/milestones/new", "/groups/*/profile",
					"/milestones/*/amend", "/milestones/*/withdraw")
			.hasAnyRole(WRITERS)
			.requestMatchers(HttpMethod.GET, "/", "/groups", "/groups/*", "/milestones/*")
			.hasAnyRole(READERS)
			.requestMatchers(HttpMethod.POST, "/groups", "/groups/**", "/milestones/**")
			.hasAnyRole(WRITERS)
			.anyRequest()
			.authenticated())
			.authenticationProvider(users)
			.formLogin((form) -> form.loginPage("/sign-in").defaultSuccessUrl("/", false).permitAll())
			.logout((logout) -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signedOut"));
		return http.build();
	}

	private static void signInFirst(HttpServletResponse response) throws IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"activity-service\"");
		write(response, 401, "Sign in first",
				"Sign in with your user name and password (HTTP Basic) to use the activity log");
	}

	private static void write(HttpServletResponse response, int status, String title, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("errors", List.of(Map.of("field", "Authorization", "message", detail)));
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(JSON.writeValueAsString(problem));
	}

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

}
