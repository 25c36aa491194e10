package com.acme.payments.ops;

import org.junit.jupiter.api.Test;

import com.acme.payments.PaymentsApplication;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.DevServices;
import com.acme.payments.support.TestTokens;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./mvnw spring-boot:test-run} (TestPaymentsApplication) brings its own Postgres and Redis: it
 * charges with the machine's services out of reach.
 */
class DevRunTests {

	static final String LOCAL_PROFILE_SECRET = "local-development-secret-not-for-production-0123456789";

	@Test
	void chargesWithThrowawayServicesWhenTheLocalOnesAreOutOfReach() {
		try (ConfigurableApplicationContext app = SpringApplication.from(PaymentsApplication::main)
			.with(DevServices.class)
			.withAdditionalProfiles("local")
			.run("--server.port=0", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/unreachable",
					"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=1")
			.getApplicationContext()) {
			ApiClient api = ApiClient.at("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
			String token = TestTokens.sign(LOCAL_PROFILE_SECRET, org.springframework.security.oauth2.jwt.JwtClaimsSet
				.builder()
				.subject("dev")
				.expiresAt(java.time.Instant.now().plusSeconds(600))
				.build());

			Answer charge = api.post("/charge").bearer(token).key(ApiClient.newKey()).json(ApiClient.CHARGE_BODY).send();

			assertThat(charge.status()).isEqualTo(201);
			assertThat(api.get("/actuator/health/readiness").send().status()).isEqualTo(200);
			assertThat(app.getEnvironment().getProperty("spring.data.redis.port")).isEqualTo("1");
		}
	}

}
