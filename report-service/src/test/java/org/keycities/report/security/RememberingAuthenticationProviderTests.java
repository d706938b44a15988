package org.keycities.report.security;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RememberingAuthenticationProviderTests {

	final AtomicInteger bcryptChecks = new AtomicInteger();

	final AuthenticationProvider bcrypt = new AuthenticationProvider() {

		@Override
		public Authentication authenticate(Authentication authentication) {
			RememberingAuthenticationProviderTests.this.bcryptChecks.incrementAndGet();
			if (!"board".equals(authentication.getCredentials())) {
				throw new BadCredentialsException("Bad credentials");
			}
			return UsernamePasswordAuthenticationToken.authenticated("board", null,
					AuthorityUtils.createAuthorityList("ROLE_BOARD"));
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return true;
		}

	};

	final RememberingAuthenticationProvider provider = new RememberingAuthenticationProvider(this.bcrypt);

	@Test
	void aSuccessfulCheckIsRememberedSoBcryptRunsOnce() {
		Authentication first = this.provider.authenticate(login("board", "board"));
		Authentication second = this.provider.authenticate(login("board", "board"));
		assertThat(this.bcryptChecks).hasValue(1);
		assertThat(second.isAuthenticated()).isTrue();
		assertThat(second.getAuthorities()).isEqualTo(first.getAuthorities());
	}

	@Test
	void aWrongPasswordIsNeverRememberedNorLetIn() {
		this.provider.authenticate(login("board", "board"));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(login("board", "wrong")));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(login("board", "wrong")));
		assertThat(this.bcryptChecks).hasValue(3);
	}

	private static Authentication login(String username, String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
	}

}
