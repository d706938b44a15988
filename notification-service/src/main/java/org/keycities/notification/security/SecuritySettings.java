package org.keycities.notification.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The users of the API, from configuration; passwords are {@code {bcrypt}} hashes. */
@ConfigurationProperties("tracker.security")
record SecuritySettings(List<User> users) {

	SecuritySettings {
		users = users == null ? List.of() : List.copyOf(users);
	}

	record User(String username, String password, List<String> roles) {

		User {
			roles = roles == null ? List.of() : List.copyOf(roles);
		}

	}

}
