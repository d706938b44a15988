package org.keycities.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The users allowed in, from configuration: the same shape in every service of the
 * tracker. Passwords are encoded, e.g. {@code {bcrypt}$2a$10$...}.
 */
@ConfigurationProperties("tracker.security")
public record TrackerSecurityProperties(List<User> users) {

	public TrackerSecurityProperties {
		users = (users != null) ? List.copyOf(users) : List.of();
	}

	public record User(String username, String password, List<String> roles) {

		public User {
			roles = (roles != null) ? List.copyOf(roles) : List.of();
		}

	}

}
