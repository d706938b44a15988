package org.keycities.notification.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message whose {@code Message-ID} is fixed per delivery instead of new on every send,
 * so a resend after a crash mid-send looks like the same message to mail clients, which
 * drop the duplicate.
 */
class StableIdMimeMessage extends MimeMessage {

	private final String messageId;

	StableIdMimeMessage(Session session, String messageId) {
		super(session);
		this.messageId = messageId;
	}

	@Override
	protected void updateMessageID() throws MessagingException {
		setHeader("Message-ID", this.messageId);
	}

}
