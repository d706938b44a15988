package org.keycities.notification.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.keycities.notification.config.NotificationSettings;

import org.springframework.stereotype.Component;

/**
 * Signed links that let a recipient unsubscribe or change preferences without logging in:
 * {@code base64url(recipientId|purpose|expiry) . base64url(HMAC-SHA256)}. The signature
 * binds the token to one recipient and one purpose until it expires.
 */
@Component
public class RecipientTokens {

	private static final String ALGORITHM = "HmacSHA256";

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	public enum Purpose {

		UNSUBSCRIBE, PREFERENCES

	}

	private final SecretKeySpec key;

	private final NotificationSettings settings;

	private final Clock clock;

	public RecipientTokens(NotificationSettings settings, Clock clock) {
		this.key = new SecretKeySpec(settings.tokenSecret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
		this.settings = settings;
		this.clock = clock;
	}

	public String issue(String recipientId, Purpose purpose) {
		return issue(recipientId, purpose, this.clock.instant().plus(this.settings.tokenValidity()));
	}

	public String issue(String recipientId, Purpose purpose, Instant expiry) {
		String payload = recipientId + "|" + purpose + "|" + expiry.getEpochSecond();
		byte[] body = payload.getBytes(StandardCharsets.UTF_8);
		return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(sign(body));
	}

	/**
	 * The recipient id of a genuine, unexpired token for this purpose; empty for anything
	 * else.
	 */
	public Optional<String> recipientOf(String token, Purpose purpose) {
		if (token == null) {
			return Optional.empty();
		}
		int dot = token.indexOf('.');
		if (dot < 1 || dot != token.lastIndexOf('.')) {
			return Optional.empty();
		}
		try {
			byte[] body = DECODER.decode(token.substring(0, dot));
			byte[] signature = DECODER.decode(token.substring(dot + 1));
			if (!MessageDigest.isEqual(sign(body), signature)) {
				return Optional.empty();
			}
			String[] parts = new String(body, StandardCharsets.UTF_8).split("\\|");
			if (parts.length != 3 || !parts[1].equals(purpose.name())) {
				return Optional.empty();
			}
			if (!Instant.ofEpochSecond(Long.parseLong(parts[2])).isAfter(this.clock.instant())) {
				return Optional.empty();
			}
			return Optional.of(parts[0]);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private byte[] sign(byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
