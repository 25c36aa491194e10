package com.acme.payments.charge;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor that keeps failing opens the breaker: charges are then answered 503 at once without
 * calling it, with the breaker's wait as Retry-After and the key free; a successful probe closes it
 * again. Declines are answers, not failures. The state is a metric and shows in health.
 */
@PaymentsTest(properties = { "payments.processor.breaker.sliding-window-size=4",
		"payments.processor.breaker.minimum-number-of-calls=4", "payments.processor.breaker.wait-in-open-state=2s",
		"payments.processor.breaker.permitted-calls-in-half-open-state=1", "payments.rate-limit.capacity=10000" })
class ProcessorBreakerTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CircuitBreakerRegistry breakers;

	final String user = TestTokens.newUser();

	@BeforeEach
	void closedBreaker() {
		this.breakers.circuitBreaker("processor").reset();
	}

	@Test
	void processorThatKeepsFailingIsNotCalledUntilTheBreakerProbesAgain() {
		for (int i = 0; i < 4; i++) {
			Answer failed = charge(ApiClient.newKey(), "tok_processingError");
			assertThat(failed.status()).isEqualTo(503);
		}
		String key = ApiClient.newKey();

		long started = System.nanoTime();
		Answer refused = charge(key, "tok_visa");
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.problemType()).isEqualTo("processor-unavailable");
		assertThat(refused.header("Retry-After")).isEqualTo("2");
		assertThat(took).as("answered at once").isLessThan(Duration.ofMillis(500));
		assertThat(new Books(this.jdbc).processorCharges(this.user)).as("the processor was not called").isZero();
		assertThat(this.api.get("/actuator/prometheus").send().text())
			.contains("resilience4j_circuitbreaker_state{name=\"processor\",state=\"open\"} 1.0");
		assertThat(this.api.get("/actuator/health").send().json().path("components").path("processor").path("status")
			.asString()).isEqualTo("UNKNOWN");
		assertThat(this.api.get("/actuator/health/readiness").send().status()).as("not in readiness").isEqualTo(200);

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> charge(key, "tok_visa").status() == 201);
		assertThat(new Books(this.jdbc).charges(this.user)).as("the same key, once the probe went through")
			.isEqualTo(1);
		assertThat(this.api.get("/actuator/health").send().json().path("components").path("processor").path("status")
			.asString()).isEqualTo("UP");
	}

	@Test
	void declinesAreAnswersAndNeverOpenTheBreaker() {
		for (int i = 0; i < 8; i++) {
			assertThat(charge(ApiClient.newKey(), "tok_chargeDeclined").status()).isEqualTo(402);
		}

		assertThat(charge(ApiClient.newKey(), "tok_visa").status()).isEqualTo(201);
		assertThat(this.breakers.circuitBreaker("processor").getState().name()).isEqualTo("CLOSED");
	}

	private Answer charge(String key, String source) {
		return this.api.charge(this.user, key, "{\"amount\":500,\"currency\":\"usd\",\"source\":\"" + source + "\"}")
			.send();
	}

}
