package com.acme.payments.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Schema migrations run at start-up through the service's pool, whose reads are cut after 5 s
 * ({@code socketTimeout}: a silent Postgres must cost requests seconds). A migration may
 * legitimately take longer (a backfill, an index built {@code CONCURRENTLY}, which waits for other
 * transactions), so its connections get a bound of their own; the pool resets it when they return.
 */
@Configuration(proxyBeanMethods = false)
class MigrationConfiguration {

	/** The longest one read of a migration may wait. */
	static final Duration MIGRATION_READ_TIMEOUT = Duration.ofMinutes(15);

	@Bean
	FlywayConfigurationCustomizer migrationsMayTakeLonger() {
		return (configuration) -> configuration.dataSource(new LongerReads(configuration.getDataSource()));
	}

	private static final class LongerReads extends DelegatingDataSource {

		LongerReads(DataSource pool) {
			super(pool);
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			connection.setNetworkTimeout(Runnable::run, (int) MIGRATION_READ_TIMEOUT.toMillis());
			return connection;
		}

	}

}
