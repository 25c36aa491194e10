package com.acme.payments.support;

import java.io.IOException;
import java.net.ServerSocket;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import redis.embedded.RedisServer;

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

	@Configuration(proxyBeanMethods = false)
	@Conditional(DockerAvailable.class)
	static class Containers {

		@Bean
		@ServiceConnection
		PostgreSQLContainer devPostgres() {
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
			if ("root".equals(System.getProperty("user.name"))) {
				PrivatePostgres postgres = PrivatePostgres.start();
				return new EmbeddedDatabase(postgres.jdbcUrl(), postgres::close);
			}
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(freePort()).start();
			return new EmbeddedDatabase(postgres.getJdbcUrl("postgres", "postgres"), postgres::close);
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

		@Bean(destroyMethod = "stop")
		RedisServer devRedis() throws IOException {
			RedisServer redis = RedisServer.newRedisServer().port(freePort()).bind(TestServices.LOCAL_HOST).build();
			redis.start();
			return redis;
		}

		@Bean
		DataRedisConnectionDetails devRedisConnection(RedisServer redis) {
			return new DataRedisConnectionDetails() {

				@Override
				public Standalone getStandalone() {
					return Standalone.of(TestServices.LOCAL_HOST, redis.ports().get(0));
				}

			};
		}

	}

	/** A running database and how to stop it. */
	public record EmbeddedDatabase(String jdbcUrl, Stopper stopper) implements AutoCloseable {

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
