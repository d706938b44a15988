package org.keycities.activity.events;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Identifiers for milestones, events and the services' own records: UUIDs of version 7
 * (RFC 9562), whose first 48 bits are the time of creation in milliseconds, followed by
 * 74 random bits. They are unique and unguessable as the random UUIDs (version 4) used
 * before, and besides sort, as text and as UUIDs, in the order they were made (to the
 * millisecond). A database keeps its documents and its {@code _id} index in that order,
 * so a new record goes at the end of both rather than into a page anywhere in them: a
 * store then writes the pages at the end again after a burst of inserts, not all of its
 * pages. Ids made before this remain valid; nothing reads a time out of an id.
 */
public final class TimeOrderedIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private TimeOrderedIds() {
	}

	/** A new identifier, as text in the usual form of a UUID. */
	public static String next() {
		return uuid(Clock.systemUTC().millis()).toString();
	}

	/** A version 7 UUID made at the given time (milliseconds since 1970). */
	static UUID uuid(long epochMillis) {
		byte[] random = new byte[10];
		RANDOM.nextBytes(random);
		long rest = 0;
		for (int i = 2; i < 10; i++) {
			rest = (rest << 8) | (random[i] & 0xff);
		}
		long randA = ((random[0] & 0x0f) << 8) | (random[1] & 0xff);
		long most = (epochMillis << 16) | 0x7000L | randA;
		long least = (rest & 0x3fffffffffffffffL) | 0x8000000000000000L;
		return new UUID(most, least);
	}

}
