package org.keycities.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs on the build machines, so docker-compose.yml is checked
 * statically against what the applications really read: every service, port, environment
 * variable, host name and metric.
 */
class ComposeFileTests {

	private static final Path REPOSITORY = Path.of(System.getProperty("tracker.repository", "..")).toAbsolutePath();

	private static final Map<String, Integer> SERVICES = Map.of("activity-service", 8081, "report-service", 8082,
			"notification-service", 8083);

	private final Map<String, Object> compose = yaml(REPOSITORY.resolve("docker-compose.yml"));

	@Test
	void runsTheInfrastructureTheDesignNames() {
		assertThat(services()).containsKeys("kafka", "mongo", "mailpit", "prometheus", "grafana");
		assertThat(service("kafka").get("image")).asString().startsWith("apache/kafka:");
		assertThat(service("mongo").get("image")).asString().startsWith("mongo:8");
		assertThat(service("mongo").get("command")).asString().contains("--replSet");
		assertThat(service("mongo").get("healthcheck")).asString().contains("rs.initiate");
		assertThat(service("mailpit").get("image")).asString().startsWith("axllent/mailpit");
	}

	@ParameterizedTest
	@ValueSource(strings = { "activity-service", "report-service", "notification-service" })
	void eachServiceIsBuiltAndPublishedOnThePortItListensOn(String name) {
		Map<String, Object> service = service(name);
		Map<String, Object> args = map(map(service.get("build")).get("args"));
		int port = SERVICES.get(name);

		assertThat(args.get("SERVICE")).isEqualTo(name);
		assertThat(args.get("PORT")).isEqualTo(port);
		assertThat(flatten(applicationYml(name).get(0))).containsEntry("server.port", port);
		assertThat(list(service.get("ports"))).containsExactly(port + ":" + port);
		assertThat(REPOSITORY.resolve(name).resolve("pom.xml")).exists();
	}

	@ParameterizedTest
	@ValueSource(strings = { "activity-service", "report-service", "notification-service" })
	void everyEnvironmentVariableIsASettingTheServiceReads(String name) {
		Map<String, Object> settings = flatten(applicationYml(name).get(0));
		Map<String, Object> environment = map(service(name).get("environment"));

		assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "docker");
		environment.keySet().stream().filter((key) -> !key.equals("SPRING_PROFILES_ACTIVE")).forEach((key) -> {
			String property = key.toLowerCase().replace('_', '.');
			assertThat(settings.keySet().stream().map((s) -> s.replace("-", "")))
				.as("%s of %s must be a setting in its application.yml", key, name)
				.contains(property);
		});
		assertThat(String.valueOf(environment.get("SPRING_MONGODB_URI")))
			.startsWith("mongodb://mongo:27017/" + name.replace("-service", ""));
	}

	@ParameterizedTest
	@ValueSource(strings = { "activity-service", "report-service", "notification-service" })
	void dockerProfileNamesOnlyHostsThatComposeRuns(String name) {
		Map<String, Object> docker = applicationYml(name).stream()
			.filter((doc) -> "docker".equals(flatten(doc).get("spring.config.activate.on-profile")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " has no docker profile in its application.yml"));
		Matcher hosts = Pattern.compile("(?m)(?:mongodb://|^)([a-z][a-z0-9-]*):(\\d+)")
			.matcher(String.join("\n", flatten(docker).values().stream().map(String::valueOf).toList()));
		List<String> named = new ArrayList<>();
		while (hosts.find()) {
			named.add(hosts.group(1));
		}
		Object mailHost = flatten(docker).get("spring.mail.host");
		if (mailHost != null) {
			named.add(String.valueOf(mailHost));
		}
		assertThat(named).isNotEmpty();
		assertThat(services().keySet()).containsAll(named);
	}

	@Test
	void everyDependencyWaitsUntilHealthyAndHasAHealthCheck() throws IOException {
		String dockerfile = Files.readString(REPOSITORY.resolve("Dockerfile"));
		assertThat(dockerfile).contains("HEALTHCHECK").contains("USER 10001").contains("./mvnw");
		services().forEach((name, definition) -> {
			Map<String, Object> dependsOn = map(map(definition).getOrDefault("depends_on", Map.of()));
			dependsOn.forEach((dependency, condition) -> {
				assertThat(map(condition)).as("%s waits for %s", name, dependency)
					.containsEntry("condition", "service_healthy");
				boolean healthChecked = service(dependency).containsKey("healthcheck")
						|| SERVICES.containsKey(dependency);
				assertThat(healthChecked).as("%s has a health check", dependency).isTrue();
			});
		});
		assertThat(map(service("notification-service").get("depends_on"))).containsKeys("kafka", "mongo", "mailpit");
	}

	@Test
	void prometheusScrapesEachServiceOnItsPort() {
		Map<String, Object> prometheus = yaml(REPOSITORY.resolve("deploy/prometheus/prometheus.yml"));
		String scrape = String.valueOf(prometheus.get("scrape_configs"));
		SERVICES.forEach((name, port) -> assertThat(scrape).contains(name + ":" + port));
		assertThat(scrape).contains("/actuator/prometheus");
	}

	@Test
	void dashboardShowsOnlyMetricsTheServicesRegister() throws IOException {
		String dashboard = Files.readString(REPOSITORY.resolve("deploy/grafana/dashboards/sig-activity-tracker.json"));
		Matcher metrics = Pattern.compile("\\b([a-z]+(?:_[a-z]+)+)(?:_total)?\\b\\s*[\\[{)]").matcher(dashboard);
		String sources = mainSources();
		List<String> names = new ArrayList<>();
		while (metrics.find()) {
			names.add(metrics.group(1).replaceAll("_total$", ""));
		}
		assertThat(names).contains("milestones_recorded", "events_pending", "emails_sent", "emails_failed");
		names.stream()
			.filter((metric) -> !metric.startsWith("spring_cloud_stream_binder"))
			.forEach((metric) -> assertThat(sources).as("a service registers %s", metric)
				.contains("\"" + metric.replace('_', '.') + "\""));
	}

	/**
	 * The services' own sources and those of the modules that register meters for them.
	 */
	private static String mainSources() {
		StringBuilder all = new StringBuilder();
		List<String> modules = new ArrayList<>(SERVICES.keySet());
		modules.add("event-intake");
		for (String name : modules) {
			try (Stream<Path> files = Files.walk(REPOSITORY.resolve(name).resolve("src/main/java"))) {
				for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
					all.append(Files.readString(file));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return all.toString();
	}

	private Map<String, Object> services() {
		return map(this.compose.get("services"));
	}

	private Map<String, Object> service(String name) {
		assertThat(services()).containsKey(name);
		return map(services().get(name));
	}

	private static List<Map<String, Object>> applicationYml(String service) {
		Path file = REPOSITORY.resolve(service).resolve("src/main/resources/application.yml");
		List<Map<String, Object>> documents = new ArrayList<>();
		try {
			for (Object doc : new Yaml().loadAll(Files.readString(file))) {
				documents.add(map(doc));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return documents;
	}

	private static Map<String, Object> yaml(Path file) {
		try {
			return map(new Yaml().load(Files.readString(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Nested YAML maps as dotted keys, e.g. {@code spring.mongodb.uri}. */
	static Map<String, Object> flatten(Map<String, Object> map) {
		Map<String, Object> flat = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			String name = key.replaceAll("^\\[(.*)]$", "$1");
			if (value instanceof Map<?, ?> nested) {
				flatten(map(nested)).forEach((k, v) -> flat.put(name + "." + k, v));
			}
			else {
				flat.put(name, value);
			}
		});
		return flat;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (List<Object>) value;
	}

}
