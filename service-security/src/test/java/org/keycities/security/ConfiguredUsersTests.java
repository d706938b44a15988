package org.keycities.security;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConfiguredUsersTests {

	private static final String OFFICER_HASH = "{bcrypt}$2a$10$VqHGeOu5e9oEYom1iyav8.DhYA9sGECowF5hK.T44otRsx954iucO";

	private final AtomicInteger bcryptChecks = new AtomicInteger();

	private final ConfiguredUsers users = new ConfiguredUsers(
			new TrackerSecurityProperties(
					List.of(new TrackerSecurityProperties.User("officer", OFFICER_HASH, List.of("OFFICER")))),
			counting(PasswordEncoderFactories.createDelegatingPasswordEncoder()));

	@Test
	void rightPasswordGivesTheConfiguredRoles() {
		Authentication authenticated = this.users.authenticate(token("officer", "officer"));
		assertThat(authenticated.isAuthenticated()).isTrue();
		assertThat(authenticated.getName()).isEqualTo("officer");
		assertThat(authenticated.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_OFFICER");
	}

	@Test
	void secondCheckOfTheSameCredentialsSkipsBcrypt() {
		this.users.authenticate(token("officer", "officer"));
		this.users.authenticate(token("officer", "officer"));
		this.users.authenticate(token("officer", "officer"));
		assertThat(this.bcryptChecks).hasValue(1);
	}

	@Test
	void wrongPasswordIsRefusedEvenAfterTheRightOneWasRemembered() {
		this.users.authenticate(token("officer", "officer"));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.users.authenticate(token("officer", "officer2")));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.users.authenticate(token("nobody", "officer")));
	}

	private static UsernamePasswordAuthenticationToken token(String user, String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
	}

	private PasswordEncoder counting(PasswordEncoder encoder) {
		return new PasswordEncoder() {

			@Override
			public String encode(CharSequence raw) {
				return encoder.encode(raw);
			}

			@Override
			public boolean matches(CharSequence raw, String encoded) {
				ConfiguredUsersTests.this.bcryptChecks.incrementAndGet();
				return encoder.matches(raw, encoded);
			}

		};
	}

}
