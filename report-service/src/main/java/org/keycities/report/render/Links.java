package org.keycities.report.render;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Decides which links may be clickable: only absolute http and https addresses. Anything
 * else (a {@code javascript:} or {@code data:} address, a malformed one) is printed as
 * plain text.
 */
final class Links {

	private Links() {
	}

	static boolean clickable(String link) {
		if (link == null) {
			return false;
		}
		try {
			URI uri = new URI(link.trim());
			String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
			return ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
