package org.keycities.notification.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Checks HTTP Basic credentials with bcrypt once, then remembers the successful check
 * (keyed by a SHA-256 of user name and password, bounded, in memory) so the hot path does
 * not pay tens of milliseconds of bcrypt on every request.
 */
class RememberingAuthenticationProvider implements AuthenticationProvider {

	private static final int LIMIT = 1000;

	private final AuthenticationProvider delegate;

	private final Map<String, Authentication> remembered = Collections
		.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Authentication> eldest) {
				return size() > LIMIT;
			}
		});

	RememberingAuthenticationProvider(AuthenticationProvider delegate) {
		this.delegate = delegate;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String key = key(authentication.getName(), String.valueOf(authentication.getCredentials()));
		Authentication known = this.remembered.get(key);
		if (known != null) {
			return UsernamePasswordAuthenticationToken.authenticated(known.getPrincipal(), null,
					known.getAuthorities());
		}
		Authentication result = this.delegate.authenticate(authentication);
		if (result != null && result.isAuthenticated()) {
			this.remembered.put(key, result);
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

	private static String key(String username, String password) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(username.getBytes(StandardCharsets.UTF_8));
			sha.update((byte) 0);
			sha.update(password.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
