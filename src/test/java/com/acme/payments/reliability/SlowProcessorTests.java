package com.acme.payments.reliability;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A processor slower than its timeout: 503 within the timeout, key free, nothing charged anywhere. */
@PaymentsTest(properties = { "payments.processor.latency=5s", "payments.processor.timeout=500ms" })
class SlowProcessorTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Test
	void timesOutWithoutChargingAndLeavesTheKeysFree() {
		String user = TestTokens.newUser();

		List<Answer> answers = Race.run(20, (i) -> {
			long started = System.nanoTime();
			Answer answer = this.api.charge(user, "slow-" + i, ApiClient.CHARGE_BODY).send();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
			return answer;
		});

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(503);
			assertThat(answer.problemType()).isEqualTo("processor-unavailable");
			assertThat(answer.header("Retry-After")).isNotNull();
		});
		assertThat(new Books(this.jdbc).charges(user))
			.isZero();
		assertThat(new Books(this.jdbc).processorCharges(user)).isZero();
		assertThat(this.jdbc.sql("SELECT DISTINCT state FROM idempotency_keys WHERE user_id = ?")
			.param(user)
			.query(String.class)
			.list()).containsExactly("released");
	}

}
