package org.keycities.report.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The users allowed in, from configuration: {@code tracker.security.users}.
 *
 * @param users each with a {@code {bcrypt}} password and roles such as {@code BOARD}
 */
@ConfigurationProperties("tracker.security")
record TrackerSecurityProperties(List<User> users) {

	TrackerSecurityProperties {
		users = (users != null) ? List.copyOf(users) : List.of();
	}

	record User(String username, String password, List<String> roles) {

		User {
			roles = (roles != null) ? List.copyOf(roles) : List.of();
		}

	}

}
