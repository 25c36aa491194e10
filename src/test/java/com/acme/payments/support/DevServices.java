package com.acme.payments.support;

import java.io.IOException;
import java.net.ServerSocket;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Throwaway Postgres and Redis for {@code TestPaymentsApplication}, never the machine's own services:
 * Testcontainers with a Docker engine; otherwise embedded servers from Maven Central (zonky's
 * Postgres binaries and codemonstur's redis-server), started on free ports and stopped with the
 * application. Postgres refuses to run as root; as root, the machine's own Postgres binaries are run
 * as the {@code postgres} user instead ({@link PrivatePostgres}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class DevServices {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DevServices.class);

	@Configuration(proxyBeanMethods = false)
	@Conditional(DockerAvailable.class)
	static class Containers {

		@Bean
		@ServiceConnection
		PostgreSQLContainer devPostgres() {
			log.info("Dev services: a Docker engine answered; Testcontainers starts postgres:17-alpine and "
					+ "redis:7-alpine, and removes both when the application stops");
			return new PostgreSQLContainer(DockerImageName.parse("postgres:17-alpine"));
		}

		@Bean
		@ServiceConnection(name = "redis")
		GenericContainer<?> devRedis() {
			return new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(NoDocker.class)
	static class Embedded {

		@Bean(destroyMethod = "close")
		EmbeddedDatabase devPostgres() throws Exception {
			String why = embeddedForced() ? "PAYMENTS_DEV_SERVICES=embedded" : "no Docker engine answered";
			if ("root".equals(System.getProperty("user.name"))) {
				PrivatePostgres postgres = PrivatePostgres.start();
				log.info("Dev services ({}): started this machine's Postgres binaries as the postgres user at {} "
						+ "(data in {}, removed when the application stops)", why, postgres.jdbcUrl(),
						postgres.directory());
				return new EmbeddedDatabase(postgres.jdbcUrl(), postgres.directory(), postgres::close);
			}
			java.nio.file.Path data = java.nio.file.Files.createTempDirectory("payments-dev-pg");
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setPort(freePort())
				.setDataDirectory(data)
				.setCleanDataDirectory(true)
				.start();
			log.info("Dev services ({}): started embedded Postgres (zonky) at {} (data in {}, removed when the "
					+ "application stops)", why, postgres.getJdbcUrl("postgres", "postgres"), data);
			return new EmbeddedDatabase(postgres.getJdbcUrl("postgres", "postgres"), data, () -> {
				postgres.close();
				org.springframework.util.FileSystemUtils.deleteRecursively(data);
			});
		}

		@Bean
		JdbcConnectionDetails devPostgresConnection(EmbeddedDatabase database) {
			return new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return "postgres";
				}

				@Override
				public String getPassword() {
					return "";
				}

				/** In the schema of the local profile, which this run uses. */
				@Override
				public String getJdbcUrl() {
					return database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=payments";
				}

			};
		}

		@Bean(destroyMethod = "close")
		EmbeddedRedis devRedis() throws IOException {
			java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("payments-dev-redis");
			RedisServer redis = RedisServer.newRedisServer()
				.executableProvider(ExecutableProvider.newJarResourceProvider(directory.toFile()))
				.port(freePort())
				.bind(TestServices.LOCAL_HOST)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			redis.start();
			log.info("Dev services: started embedded redis-server at {}:{} (in memory; its folder {} is removed "
					+ "when the application stops)", TestServices.LOCAL_HOST, redis.ports().get(0), directory);
			return new EmbeddedRedis(redis, directory);
		}

		@Bean
		DataRedisConnectionDetails devRedisConnection(EmbeddedRedis redis) {
			return new DataRedisConnectionDetails() {

				@Override
				public Standalone getStandalone() {
					return Standalone.of(TestServices.LOCAL_HOST, redis.server().ports().get(0));
				}

			};
		}

	}

	/** A running redis-server and the folder it runs from, removed when it stops. */
	public record EmbeddedRedis(RedisServer server, java.nio.file.Path directory) implements AutoCloseable {

		@Override
		public void close() throws IOException {
			this.server.stop();
			org.springframework.util.FileSystemUtils.deleteRecursively(this.directory);
		}

	}

	/** A running database, the folder it keeps its data in, and how to stop it (which removes the folder). */
	public record EmbeddedDatabase(String jdbcUrl, java.nio.file.Path directory, Stopper stopper)
			implements AutoCloseable {

		@Override
		public void close() throws Exception {
			this.stopper.stop();
		}

	}

	/** Stops an embedded server. */
	@FunctionalInterface
	public interface Stopper {

		void stop() throws Exception;

	}

	static class DockerAvailable implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !embeddedForced() && TestServices.dockerAvailable();
		}

	}

	static class NoDocker implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return embeddedForced() || !TestServices.dockerAvailable();
		}

	}

	/** {@code PAYMENTS_DEV_SERVICES=embedded} uses the embedded servers even where Docker is. */
	static boolean embeddedForced() {
		return "embedded".equalsIgnoreCase(System.getenv("PAYMENTS_DEV_SERVICES"));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
