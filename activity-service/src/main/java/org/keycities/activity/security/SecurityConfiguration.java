package org.keycities.activity.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic for {@code /api/**}: officers and admins write, the board only reads. Health
 * and metrics are public. Authentication comes first, so an anonymous request is answered
 * 401 before its body is even read.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrackerSecurityProperties.class)
public class SecurityConfiguration {

	static final String[] WRITERS = { "OFFICER", "ADMIN" };

	static final String[] READERS = { "OFFICER", "BOARD", "ADMIN" };

	@Bean
	ConfiguredUsers configuredUsers(TrackerSecurityProperties properties) {
		return new ConfiguredUsers(properties);
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http, ConfiguredUsers users) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info",
					"/error")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/**")
			.hasAnyRole(READERS)
			.requestMatchers("/api/**")
			.hasAnyRole(WRITERS)
			.anyRequest()
			.denyAll())
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
