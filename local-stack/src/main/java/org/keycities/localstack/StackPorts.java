package org.keycities.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** The loopback ports of one running stack. */
public record StackPorts(int kafka, int kafkaController, int mongo, int smtp, int mailWeb, int activity, int report,
		int notification) {

	/** The documented ports of {@code ./start}. */
	public static StackPorts defaults() {
		return new StackPorts(9092, 9093, 27017, 3025, 8025, 8081, 8082, 8083);
	}

	/**
	 * Free ports chosen by the operating system, so a test stack can run beside anything.
	 */
	public static StackPorts random() {
		return new StackPorts(free(), free(), free(), free(), free(), free(), free(), free());
	}

	int[] all() {
		return new int[] { this.kafka, this.kafkaController, this.mongo, this.smtp, this.mailWeb, this.activity,
				this.report, this.notification };
	}

	private static int free() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
