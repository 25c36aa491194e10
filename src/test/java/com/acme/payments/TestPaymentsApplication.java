package com.acme.payments;

import org.springframework.boot.SpringApplication;

import com.acme.payments.support.DevServices;

/**
 * The service with throwaway Postgres and Redis, for a machine that has neither:
 * {@code ./mvnw spring-boot:test-run}. Uses Testcontainers when a Docker engine is there, otherwise
 * embedded servers (see {@link DevServices}). Runs with the {@code local} profile, so it logs a demo
 * token.
 */
public class TestPaymentsApplication {

	public static void main(String[] args) {
		SpringApplication.from(PaymentsApplication::main)
			.with(DevServices.class)
			.withAdditionalProfiles("local")
			.run(args);
	}

}
