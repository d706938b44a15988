package org.keycities.notification.delivery;

/** A rendered email: its subject and both bodies. */
record Email(String subject, String html, String text) {
}
