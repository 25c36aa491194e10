package com.acme.payments.charge;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor that charges and then never answers ({@code tok_hang}) costs the deadline, not a hung
 * request: the client gets 503 once {@code payments.processor.timeout} has passed, the key stays
 * bound, and the retry gets the charge that was made, once.
 */
@PaymentsTest(properties = "payments.processor.timeout=700ms")
class HangingProcessorTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Test
	void hangingProcessorIsCutAtTheDeadlineAndTheRetryGetsTheChargeItMade() {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		String body = "{\"amount\":2500,\"currency\":\"eur\",\"source\":\"tok_hang\"}";

		long started = System.nanoTime();
		Answer cut = this.api.charge(user, key, body).send();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		Answer reused = this.api.charge(user, key, body.replace("2500", "2600")).send();
		Answer retried = this.api.charge(user, key, body).send();

		assertThat(cut.status()).isEqualTo(503);
		assertThat(cut.problemType()).isEqualTo("processor-unavailable");
		assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
		assertThat(reused.status()).as("the key stays bound to its request").isEqualTo(409);
		assertThat(retried.status()).isEqualTo(201);
		assertThat(retried.json().path("amount").asInt()).isEqualTo(2500);
		assertThat(new Books(this.jdbc).charges(user)).isEqualTo(1);
		assertThat(new Books(this.jdbc).processorCharges(user)).isEqualTo(1);
	}

}
