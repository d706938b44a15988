package org.keycities.activity.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a POST with an {@code Idempotency-Key} created, stored inside the created document
 * (one write, unique index on {@code key}) so that a retry finds it and gets the first
 * answer again.
 *
 * @param key the client's key, scoped by the user who sent it
 * @param requestHash SHA-256 of the request as understood (path and parsed body), so that
 * the same key with another request is caught
 * @param response the body of the first 201 answer, as JSON
 */
public record IdempotentRequest(String key, String requestHash, String response) {

	public static String scopedKey(String user, String key) {
		return user + ":" + key;
	}

	public static String hash(String... parts) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String part : parts) {
				digest.update(part.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	/**
	 * @throws RequestRejected 422 when the same key comes with a different request
	 */
	public void requireSameRequest(String hash) {
		if (!this.requestHash.equals(hash)) {
			throw RequestRejected.idempotencyKeyReused();
		}
	}

}
