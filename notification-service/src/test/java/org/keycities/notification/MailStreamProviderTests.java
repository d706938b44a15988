package org.keycities.notification;

import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MailStreamProviderTests {

	@Test
	void theServiceNamesJakartaMailsStreamProviderSoThatNoCallScansTheClassPath() throws Exception {
		Class.forName(NotificationApplication.class.getName());
		assertThat(System.getProperty(NotificationApplication.STREAM_PROVIDER))
			.isEqualTo(MailStreamProvider.class.getName());
		assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
	}

}
