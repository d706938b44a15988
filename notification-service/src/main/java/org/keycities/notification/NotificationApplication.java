package org.keycities.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class NotificationApplication {

	static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

	/**
	 * Angus Mail's, the implementation Spring Boot's mail starter brings (at run time).
	 */
	static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

	static {
		// Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader, scanning the
		// class path, on every call that encodes a header or a body part: most of the
		// time
		// spent building an email (jakartaee/mail-api#861). Naming the provider skips the
		// scan.
		if (System.getProperty(STREAM_PROVIDER) == null) {
			System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(NotificationApplication.class, args);
	}

}
