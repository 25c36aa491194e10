package com.acme.payments.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.ServiceProcess;
import com.acme.payments.support.TestServices;
import com.acme.payments.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar, started with {@code java -jar} as ops and the image run it, on its own runtime
 * classpath (the unit tests run on the test classpath, which can hide a library missing at run
 * time): it starts, serves its API description and charges. Run by Failsafe after packaging.
 */
class PackagedJarIT {

	@Test
	void packagedServiceStartsDescribesItsApiAndCharges() throws Exception {
		Path jar = packagedJar();
		try (Services services = Services.start();
				ServiceProcess service = ServiceProcess.startJar(jar, services.settings())) {
			ApiClient api = ApiClient.at(service.baseUrl());

			assertThat(api.get("/v3/api-docs").send().status()).isEqualTo(200);
			assertThat(api.get("/problems/card-declined").send().status()).isEqualTo(200);
			Answer charge = api.charge(TestTokens.newUser(), ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
			assertThat(charge.status()).as(charge.text()).isEqualTo(201);
		}
	}

	private static Path packagedJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("payments-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No target/payments-*.jar: run ./mvnw verify"));
		}
	}

	/** Postgres and Redis for the process: the local services, or containers where Docker is. */
	private record Services(Map<String, String> settings, AutoCloseable containers) implements AutoCloseable {

		static Services start() {
			Map<String, String> settings = new HashMap<>();
			settings.put("payments.jwt.secret", TestTokens.SECRET);
			settings.put("payments.processor.kind", "simulator");
			settings.put("payments.idempotency.cache.key-prefix", "it:" + System.nanoTime() + ":idem:");
			settings.put("payments.rate-limit.key-prefix", "it:" + System.nanoTime() + ":rl:");
			if (TestServices.mode() == TestServices.Mode.LOCAL) {
				TestServices.LocalDatabase database = TestServices.localDatabase();
				settings.put("spring.datasource.url", database.jdbcUrl());
				settings.put("spring.datasource.username", database.username());
				settings.put("spring.datasource.password", "");
				settings.put("spring.data.redis.host", TestServices.LOCAL_HOST);
				settings.put("spring.data.redis.port", "6379");
				return new Services(settings, () -> {
				});
			}
			PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse("postgres:17-alpine"));
			GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
				.withExposedPorts(6379);
			postgres.start();
			redis.start();
			settings.put("spring.datasource.url", postgres.getJdbcUrl());
			settings.put("spring.datasource.username", postgres.getUsername());
			settings.put("spring.datasource.password", postgres.getPassword());
			settings.put("spring.data.redis.host", redis.getHost());
			settings.put("spring.data.redis.port", Integer.toString(redis.getMappedPort(6379)));
			return new Services(settings, () -> {
				redis.stop();
				postgres.stop();
			});
		}

		@Override
		public void close() throws Exception {
			this.containers.close();
		}

	}

}
