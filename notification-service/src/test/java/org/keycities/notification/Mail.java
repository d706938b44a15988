package org.keycities.notification;

import java.io.IOException;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/** Reads received MIME messages in tests. */
public final class Mail {

	private Mail() {
	}

	public static Multipart alternative(MimeMessage message) {
		try {
			return (Multipart) message.getContent();
		}
		catch (IOException | MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The decoded body of the part of this MIME type (e.g. text/plain). */
	public static String part(MimeMessage message, String mimeType) {
		try {
			Multipart multipart = alternative(message);
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart part = multipart.getBodyPart(i);
				if (part.isMimeType(mimeType)) {
					return (String) part.getContent();
				}
			}
			throw new AssertionError("No " + mimeType + " part");
		}
		catch (IOException | MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String header(MimeMessage message, String name) {
		try {
			return message.getHeader(name, ",");
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
