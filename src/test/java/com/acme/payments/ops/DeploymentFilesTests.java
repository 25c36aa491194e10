package com.acme.payments.ops;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.idempotency.IdempotencyProperties;
import com.acme.payments.idempotency.RecoveryProperties;
import com.acme.payments.processor.ProcessorProperties;
import com.acme.payments.ratelimit.RateLimitProperties;
import com.acme.payments.web.HttpProperties;
import com.acme.payments.security.JwtProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * There is no Docker engine here to run the compose stack, so everything about it that can be
 * checked without one is checked: it parses, names its services, healthchecks and dependencies, and
 * every environment variable it sets is a property the service knows.
 */
class DeploymentFilesTests {

	static final Path ROOT = Path.of(".");

	@Test
	@SuppressWarnings("unchecked")
	void composeRunsTheServiceAfterHealthyPostgresAndRedis() throws IOException {
		Map<String, Object> services = (Map<String, Object>) compose().get("services");

		assertThat(services).containsKeys("postgres", "redis", "payments", "prometheus", "grafana");
		Map<String, Object> postgres = (Map<String, Object>) services.get("postgres");
		assertThat((String) postgres.get("image")).startsWith("postgres:17");
		assertThat(postgres).containsKey("healthcheck");
		assertThat((List<String>) postgres.get("volumes")).anyMatch((volume) -> volume.startsWith("postgres-data:"));
		assertThat((Map<String, Object>) compose().get("volumes")).containsKey("postgres-data");
		Map<String, Object> redis = (Map<String, Object>) services.get("redis");
		assertThat((String) redis.get("image")).startsWith("redis:7");
		assertThat(redis).containsKey("healthcheck");
		Map<String, Object> payments = (Map<String, Object>) services.get("payments");
		Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) payments.get("depends_on");
		assertThat(dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
		assertThat(dependsOn.get("redis")).containsEntry("condition", "service_healthy");
		assertThat((List<String>) ((Map<String, Object>) services.get("prometheus")).get("profiles"))
			.containsExactly("observability");
		assertThat((List<String>) ((Map<String, Object>) services.get("grafana")).get("profiles"))
			.containsExactly("observability");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyEnvironmentVariableOfTheServiceIsAKnownProperty() throws IOException {
		Map<String, Object> payments = (Map<String, Object>) ((Map<String, Object>) compose().get("services"))
			.get("payments");
		Set<String> known = knownProperties();

		Set<String> environment = ((Map<String, Object>) payments.get("environment")).keySet();
		// Spring Boot's own way to pass settings as one JSON value, not a property of its own
		known.add("SPRING_APPLICATION_JSON");

		assertThat(environment).isNotEmpty().allSatisfy((name) -> assertThat(known).contains(name));
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeMakesTheOperatorChooseTheProcessorAndTakesTheStripeKeyFromASecretFile() throws IOException {
		Map<String, Object> compose = compose();
		Map<String, Object> payments = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
			.get("payments");
		String kind = (String) ((Map<String, Object>) payments.get("environment")).get("PAYMENTS_PROCESSOR_KIND");

		assertThat(kind).as("no silent default: compose stops when it is unset").startsWith("${PAYMENTS_PROCESSOR_KIND:?");
		assertThat((List<Map<String, Object>>) payments.get("secrets"))
			.anySatisfy((secret) -> assertThat(secret).containsEntry("target", "payments.processor.stripe.api-key"));
		assertThat(Files.readString(ROOT.resolve(".env.example"))).contains("PAYMENTS_PROCESSOR_KIND=");
		assertThat(Files.readString(ROOT.resolve("scripts/make-secrets.sh"))).contains("secrets/stripe_api_key");
	}

	@Test
	@SuppressWarnings("unchecked")
	void metricsAndHealthAreOnAManagementPortThatIsNotPublished() throws IOException {
		Map<String, Object> payments = (Map<String, Object>) ((Map<String, Object>) compose().get("services"))
			.get("payments");
		String managementPort = (String) ((Map<String, Object>) payments.get("environment")).get("MANAGEMENT_SERVER_PORT");

		assertThat(managementPort).isNotBlank();
		assertThat((List<String>) payments.get("ports")).isNotEmpty()
			.noneSatisfy((port) -> assertThat(port).contains(managementPort));
		assertThat(Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml"))).contains("payments:" + managementPort);
		assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("MANAGEMENT_SERVER_PORT");
	}

	@Test
	@SuppressWarnings("unchecked")
	void composeTakesSecretsFromFilesOnly() throws IOException {
		Map<String, Object> compose = compose();
		Map<String, Object> secrets = (Map<String, Object>) compose.get("secrets");
		assertThat(secrets).isNotEmpty().allSatisfy((name, secret) -> assertThat(
				((Map<String, Object>) secret).get("file")).isEqualTo("./secrets/" + name));
		for (Object service : ((Map<String, Object>) compose.get("services")).values()) {
			Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) service).get("environment");
			if (environment != null) {
				assertThat(environment.keySet()).filteredOn((name) -> name.matches(".*(PASSWORD|SECRET).*"))
					.allSatisfy((name) -> assertThat(name).endsWith("_FILE"));
			}
		}
		assertThat(Files.readString(ROOT.resolve(".gitignore"))).contains("secrets/");
		assertThat(Files.readString(ROOT.resolve("scripts/make-secrets.sh")))
			.contains(secrets.keySet().toArray(String[]::new));
	}

	@Test
	@SuppressWarnings("unchecked")
	void imagesArePinnedToExactVersionsAndObservabilityListensOnLoopbackOnly() throws IOException {
		Map<String, Object> services = (Map<String, Object>) compose().get("services");
		Pattern exact = Pattern.compile(".+:v?\\d+\\.\\d+(\\.\\d+)?[^:]*|.+@sha256:[0-9a-f]{64}");
		services.values().stream().map((service) -> (String) ((Map<String, Object>) service).get("image"))
			.filter(java.util.Objects::nonNull)
			.forEach((image) -> assertThat(image).matches(exact));
		Pattern.compile("(?m)^FROM (\\S+)").matcher(Files.readString(ROOT.resolve("Dockerfile")))
			.results()
			.forEach((from) -> assertThat(from.group(1)).matches(exact));
		for (String name : List.of("prometheus", "grafana")) {
			assertThat((List<String>) ((Map<String, Object>) services.get(name)).get("ports"))
				.allSatisfy((port) -> assertThat(port).startsWith("127.0.0.1:"));
		}
		assertThat(Files.readString(ROOT.resolve("README.md"))).contains("Compose v2");
	}

	/**
	 * Profile "ha" adds a synchronous standby, a Redis replica and a Sentinel, and .env.ha points the
	 * service at both (the failover itself is tested in PostgresFailoverTests and RedisSentinelTests).
	 */
	@Test
	@SuppressWarnings("unchecked")
	void haProfileRunsAStandbyAReplicaAndASentinelAndTheServiceFollowsThem() throws IOException {
		Map<String, Object> services = (Map<String, Object>) compose().get("services");
		for (String name : List.of("postgres-standby", "redis-replica", "sentinel")) {
			assertThat((List<String>) ((Map<String, Object>) services.get(name)).get("profiles")).as(name)
				.containsExactly("ha");
		}
		assertThat(Files.readString(ROOT.resolve("ops/postgres/standby.sh"))).contains("pg_basebackup")
			.contains("-R")
			.contains("application_name=standby");
		assertThat(Files.readString(ROOT.resolve("ops/redis/sentinel.sh"))).contains("sentinel monitor payments redis 6379");
		for (String script : List.of("ops/postgres/standby.sh", "ops/postgres/allow-replication.sh", "ops/redis/sentinel.sh")) {
			assertThat(ROOT.resolve(script)).as(script).isExecutable();
		}
		String ha = Files.readString(ROOT.resolve(".env.ha"));
		assertThat(ha).contains("POSTGRES_SYNCHRONOUS_STANDBY=standby")
			.contains("postgres:5432,postgres-standby:5432/payments?targetServerType=primary")
			.contains("\"sentinel\":{\"master\":\"payments\",\"nodes\":\"sentinel:26379\"}");
		Map<String, Object> payments = (Map<String, Object>) ((Map<String, Object>) services.get("payments"))
			.get("environment");
		assertThat((String) payments.get("SPRING_DATASOURCE_URL")).contains("${PAYMENTS_DATASOURCE_URL:-");
		assertThat((String) payments.get("SPRING_APPLICATION_JSON")).contains("${PAYMENTS_REDIS_SETTINGS:-");
	}

	@Test
	void everySecretTheComposeFileNeedsIsInEnvExample() throws IOException {
		String composeText = Files.readString(ROOT.resolve("docker-compose.yml"));
		String example = Files.readString(ROOT.resolve(".env.example"));
		Matcher variables = Pattern.compile("\\$\\{([A-Z_]+)[:}]").matcher(composeText);

		while (variables.find()) {
			assertThat(example).contains(variables.group(1) + "=");
		}
	}

	@Test
	void imageIsBuiltWithTheWrapperAndRunsAsNonRootWithAHealthcheck() throws IOException {
		String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

		assertThat(Pattern.compile("^FROM ", Pattern.MULTILINE).matcher(dockerfile).results().count()).isEqualTo(2);
		assertThat(dockerfile).contains("./mvnw").contains("jarmode=tools").contains("-jre");
		assertThat(dockerfile).containsPattern("(?m)^USER 10001");
		assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*\\n.*/actuator/health/liveness");
	}

	@Test
	void dashboardIsValidJsonWithPrometheusQueries() throws IOException {
		JsonNode dashboard = JsonMapper.builder().build().readTree(ROOT.resolve("ops/grafana/dashboards/payments.json").toFile());

		assertThat(dashboard.path("title").asString()).isEqualTo("Payments");
		assertThat(DashboardMetrics.queries(dashboard)).hasSizeGreaterThanOrEqualTo(6);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> compose() throws IOException {
		try (InputStream in = Files.newInputStream(ROOT.resolve("docker-compose.yml"))) {
			return (Map<String, Object>) new Yaml().load(in);
		}
	}

	/** Environment names (as relaxed binding reads them) of every property Spring Boot and we define. */
	static Set<String> knownProperties() throws IOException {
		Set<String> names = new HashSet<>();
		Enumeration<URL> metadata = DeploymentFilesTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		JsonMapper json = JsonMapper.builder().build();
		while (metadata.hasMoreElements()) {
			try (InputStream in = metadata.nextElement().openStream()) {
				json.readTree(in).path("properties").forEach((p) -> names.add(environmentName(p.path("name").asString())));
			}
		}
		for (Class<?> type : List.of(JwtProperties.class, RateLimitProperties.class, IdempotencyProperties.class,
				ProcessorProperties.class, RecoveryProperties.class, HttpProperties.class)) {
			addRecord(type.getAnnotation(ConfigurationProperties.class).value(), type, names);
		}
		return names;
	}

	private static void addRecord(String prefix, Class<?> type, Set<String> names) {
		for (RecordComponent component : type.getRecordComponents()) {
			String name = prefix + "." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
			if (component.getType().isRecord()) {
				addRecord(name, component.getType(), names);
			}
			else {
				names.add(environmentName(name));
			}
		}
	}

	static String environmentName(String property) {
		return property.replace("-", "").replace(".", "_").toUpperCase(Locale.ROOT);
	}

}
