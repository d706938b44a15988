package org.keycities.activity.events;

/** A record of a known type whose body is not valid JSON or does not fit its schema. */
public class MalformedEventException extends RuntimeException {

	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
