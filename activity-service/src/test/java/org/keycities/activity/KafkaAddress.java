package org.keycities.activity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A fixed loopback address for a Kafka broker that can be replaced: it forwards every
 * connection to whichever broker is current. The in-JVM KRaft broker of spring-kafka-test
 * 4.0 ignores {@code kafkaPorts(..)}, so a new broker cannot take over the old one's
 * port; with the brokers advertising this address instead, the service under test keeps
 * one bootstrap address across a broker's death and replacement, as behind a DNS name.
 */
final class KafkaAddress implements AutoCloseable {

	private final ServerSocket server;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile Supplier<String> target;

	/**
	 * @param port the loopback port to listen on, or 0 for any free one
	 */
	KafkaAddress(int port) throws IOException {
		this.server = new ServerSocket();
		this.server.setReuseAddress(true);
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		Thread acceptor = new Thread(this::accept, "kafka-address");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/** Where connections go from now on, as {@code host:port}. */
	void forwardTo(Supplier<String> target) {
		this.target = target;
	}

	/** Drops every open connection, as a dying broker does. */
	void dropConnections() {
		this.open.forEach(KafkaAddress::closeQuietly);
		this.open.clear();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				String[] hostPort = this.target.get().split(",")[0].split(":");
				Socket broker;
				try {
					broker = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
				}
				catch (IOException ex) {
					closeQuietly(client);
					continue;
				}
				this.open.add(client);
				this.open.add(broker);
				pump(client, broker);
				pump(broker, client);
			}
			catch (IOException | RuntimeException ex) {
				// closed, or no broker to forward to yet: the client retries
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[64 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side went away
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "kafka-address-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// already closed
		}
		dropConnections();
	}

}
