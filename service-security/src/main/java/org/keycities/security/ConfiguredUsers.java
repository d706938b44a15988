package org.keycities.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks HTTP Basic credentials against the configured users. A bcrypt check costs tens
 * of milliseconds, so a successful check is remembered (keyed by a SHA-256 of user name
 * and password, never the password itself) and the next request with the same credentials
 * skips it.
 */
public class ConfiguredUsers implements AuthenticationProvider {

	private static final int REMEMBERED = 1024;

	private final Map<String, TrackerSecurityProperties.User> users;

	private final PasswordEncoder encoder;

	private final Map<String, List<GrantedAuthority>> verified = Collections
		.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, List<GrantedAuthority>> eldest) {
				return size() > REMEMBERED;
			}

		});

	public ConfiguredUsers(TrackerSecurityProperties properties) {
		this(properties, PasswordEncoderFactories.createDelegatingPasswordEncoder());
	}

	public ConfiguredUsers(TrackerSecurityProperties properties, PasswordEncoder encoder) {
		this.encoder = encoder;
		this.users = properties.users()
			.stream()
			.collect(Collectors.toMap(TrackerSecurityProperties.User::username, Function.identity()));
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String username = authentication.getName();
		String password = String.valueOf(authentication.getCredentials());
		String fingerprint = fingerprint(username, password);
		List<GrantedAuthority> authorities = this.verified.get(fingerprint);
		if (authorities == null) {
			TrackerSecurityProperties.User user = this.users.get(username);
			if (user == null || !this.encoder.matches(password, user.password())) {
				throw new BadCredentialsException("Wrong user name or password");
			}
			authorities = user.roles()
				.stream()
				.map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
				.toList();
			this.verified.put(fingerprint, authorities);
		}
		return UsernamePasswordAuthenticationToken.authenticated(username, null, authorities);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static String fingerprint(String username, String password) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(username.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(password.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
