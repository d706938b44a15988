package org.keycities.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The services' HTTP APIs as the benchmark's clients use them: HTTP/1.1 with kept-alive
 * connections and HTTP Basic authentication, as a script or another system would.
 */
final class Http {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	HttpResponse<String> get(String url, String user) {
		return send(request(url, user).header("Accept", "application/json").GET().build());
	}

	/** Reads the whole body as bytes, e.g. a rendered report, waiting up to 5 minutes. */
	HttpResponse<byte[]> download(String url, String user) {
		return send(request(url, user).timeout(Duration.ofMinutes(5)).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	HttpResponse<String> post(String url, String user, String contentType, String body, String idempotencyKey) {
		HttpRequest.Builder builder = request(url, user).header("Content-Type", contentType)
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (idempotencyKey != null) {
			builder.header("Idempotency-Key", idempotencyKey);
		}
		return send(builder.build());
	}

	/** A POST that may take long, such as a rebuild. */
	HttpResponse<String> postAndWait(String url, String user, Duration timeout) {
		return send(request(url, user).timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	/** Fails with the response when its status is not the expected one. */
	static HttpResponse<String> expect(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
					+ response.statusCode() + " instead of " + status + ": " + response.body());
		}
		return response;
	}

	private HttpRequest.Builder request(String url, String user) {
		return HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
	}

	private HttpResponse<String> send(HttpRequest request) {
		return send(request, HttpResponse.BodyHandlers.ofString());
	}

	private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
		try {
			return this.client.send(request, body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
