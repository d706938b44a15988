package org.keycities.activity.web;

/**
 * Optimistic concurrency over HTTP: the {@code ETag} of a resource is its version, and a
 * change must name in {@code If-Match} the version it was made against.
 */
public final class Versions {

	private Versions() {
	}

	public static String etag(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * Checks an {@code If-Match} header against the stored version.
	 * @throws RequestRejected 428 when the header is missing, 412 when it names another
	 * version
	 */
	public static void requireMatch(String ifMatch, long current) {
		if (ifMatch == null || ifMatch.isBlank()) {
			throw RequestRejected.versionRequired();
		}
		for (String tag : ifMatch.split(",")) {
			String value = tag.trim();
			if (value.equals("*")) {
				return;
			}
			if (value.startsWith("W/")) {
				value = value.substring(2);
			}
			if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
				value = value.substring(1, value.length() - 1);
			}
			if (value.equals(String.valueOf(current))) {
				return;
			}
		}
		throw RequestRejected.staleVersion(current);
	}

}
