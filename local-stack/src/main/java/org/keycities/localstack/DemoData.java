package org.keycities.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.keycities.testsupport.KeyCitiesSeed;

/**
 * Loads the demo data through the public APIs, as an officer and an admin would: three
 * demo recipients, the Key Cities Group profile and its 2017 milestones. Each request
 * carries an Idempotency-Key or is safe to repeat, so a start that was interrupted
 * half-way simply completes the rest next time.
 */
final class DemoData {

	static final List<String> RECIPIENTS = List.of(
			"{\"council\":\"Sunderland City Council\",\"name\":\"Policy team\",\"email\":\"sunderland.policy@example.org\",\"types\":[],\"workstreams\":[],\"frequency\":\"IMMEDIATE\"}",
			"{\"council\":\"Wakefield Council\",\"name\":\"Economic development\",\"email\":\"wakefield.economy@example.org\",\"types\":[\"LAUNCH\",\"SUBMISSION\",\"CONSULTATION_RESPONSE\"],\"workstreams\":[],\"frequency\":\"IMMEDIATE\"}",
			"{\"council\":\"Southend-on-Sea City Council\",\"name\":\"Chief executive's office\",\"email\":\"southend.ceo@example.org\",\"types\":[],\"workstreams\":[],\"frequency\":\"WEEKLY_DIGEST\"}");

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String activity;

	private final String notification;

	DemoData(String activityUrl, String notificationUrl) {
		this.activity = activityUrl;
		this.notification = notificationUrl;
	}

	/**
	 * Loads the demo data unless the Key Cities Group is already there; says whether it
	 * did.
	 */
	boolean loadIfMissing() throws IOException, InterruptedException {
		HttpResponse<String> group = send(get(this.activity + "/api/groups/" + KeyCitiesSeed.GROUP_ID, "officer"));
		if (group.statusCode() == 200) {
			return false;
		}
		for (String recipient : RECIPIENTS) {
			HttpResponse<String> response = send(
					post(this.notification + "/api/groups/" + KeyCitiesSeed.GROUP_ID + "/recipients", "admin",
							recipient, null));
			// 409: already there from an interrupted earlier start
			expect(response, 201, 409);
		}
		expect(send(post(this.activity + "/api/groups", "officer", KeyCitiesSeed.groupRequest(), "demo-group")), 201);
		List<String> milestones = KeyCitiesSeed.milestoneRequests();
		for (int i = 0; i < milestones.size(); i++) {
			expect(send(post(this.activity + "/api/groups/" + KeyCitiesSeed.GROUP_ID + "/milestones", "officer",
					milestones.get(i), "demo-2017-" + (i + 1))), 201);
		}
		return true;
	}

	private HttpRequest get(String url, String user) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", basic(user))
			.header("Accept", "application/json")
			.GET()
			.build();
	}

	private HttpRequest post(String url, String user, String json, String idempotencyKey) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", basic(user))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (idempotencyKey != null) {
			builder.header("Idempotency-Key", idempotencyKey);
		}
		return builder.build();
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static void expect(HttpResponse<String> response, int... statuses) {
		for (int status : statuses) {
			if (response.statusCode() == status) {
				return;
			}
		}
		throw new IllegalStateException("Loading the demo data failed: " + response.request().method() + " "
				+ response.uri() + " answered " + response.statusCode() + " " + response.body());
	}

	/** The local users' passwords equal their names; see the README. */
	private static String basic(String user) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
	}

}
