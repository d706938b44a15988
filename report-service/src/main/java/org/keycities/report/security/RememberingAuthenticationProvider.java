package org.keycities.report.security;

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

/**
 * Checks HTTP Basic credentials with bcrypt once, then remembers the successful check by
 * a SHA-256 of user name and password, so later requests skip the tens of milliseconds a
 * bcrypt check costs. Bounded; failures are never remembered.
 */
final class RememberingAuthenticationProvider implements AuthenticationProvider {

	private static final int CAPACITY = 1000;

	private final AuthenticationProvider bcrypt;

	private final Map<String, Authentication> remembered = Collections
		.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Authentication> eldest) {
				return size() > CAPACITY;
			}
		});

	RememberingAuthenticationProvider(AuthenticationProvider bcrypt) {
		this.bcrypt = bcrypt;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String key = digest(authentication.getName(), String.valueOf(authentication.getCredentials()));
		Authentication known = this.remembered.get(key);
		if (known != null) {
			return UsernamePasswordAuthenticationToken.authenticated(known.getPrincipal(), null,
					known.getAuthorities());
		}
		Authentication checked = this.bcrypt.authenticate(authentication);
		if (checked != null && checked.isAuthenticated()) {
			this.remembered.put(key, checked);
		}
		return checked;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static String digest(String username, String password) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(username.getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) 0);
			sha256.update(password.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
