package org.keycities.notification.web;

/** Nothing stored under the requested id; answered 404. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
