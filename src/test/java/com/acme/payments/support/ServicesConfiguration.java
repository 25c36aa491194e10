package com.acme.payments.support;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
 * Connects the application under test to real Postgres and Redis; see {@link TestServices}. In local
 * mode Redis is the one of application.yaml (localhost:6379) unless a test points elsewhere.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ServicesConfiguration {

	@Configuration(proxyBeanMethods = false)
	@Conditional(DockerMode.class)
	static class Containers {

		/** Not for tests that run a {@link PrivatePostgres} of their own. */
		@Bean
		@ServiceConnection
		@ConditionalOnProperty(name = PrivatePostgres.IN_USE, havingValue = "false", matchIfMissing = true)
		PostgreSQLContainer postgres() {
			return new PostgreSQLContainer(DockerImageName.parse("postgres:17-alpine"));
		}

		/** Not for tests that run a {@link PrivateRedis} of their own. */
		@Bean
		@ServiceConnection(name = "redis")
		@ConditionalOnProperty(name = PrivateRedis.IN_USE, havingValue = "false", matchIfMissing = true)
		GenericContainer<?> redis() {
			return new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(LocalMode.class)
	static class LocalServices {

		@Bean
		@ConditionalOnProperty(name = PrivatePostgres.IN_USE, havingValue = "false", matchIfMissing = true)
		JdbcConnectionDetails localPostgres() {
			TestServices.LocalDatabase database = TestServices.localDatabase();
			return new JdbcConnectionDetails() {

				@Override
				public String getUsername() {
					return database.username();
				}

				@Override
				public String getPassword() {
					return "";
				}

				@Override
				public String getJdbcUrl() {
					return database.jdbcUrl();
				}

			};
		}

	}

	static class DockerMode implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestServices.mode() == TestServices.Mode.DOCKER;
		}

	}

	static class LocalMode implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestServices.mode() == TestServices.Mode.LOCAL;
		}

	}

}
