package com.acme.payments.reliability;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor slower than its timeout charges but its answers never arrive in time: every client
 * gets a 503 within the timeout, no key is freed (the charges exist), and once the processor answers
 * again, recovery records every charge it made, with no client retrying.
 */
@PaymentsTest(properties = { "payments.processor.latency=5s", "payments.processor.timeout=500ms" })
class SlowProcessorTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Test
	void timedOutChargesKeepTheirKeysAndAreRecordedOnceTheProcessorAnswers() {
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
		Books books = new Books(this.jdbc);
		assertThat(books.charges(user)).isZero();
		assertThat(books.processorCharges(user)).isEqualTo(20);
		assertThat(states(user)).containsExactly("unknown");

		// The processor is fast again (an instance that sees it so), and recovery is due at once.
		try (ConfigurableApplicationContext recovered = Instances.startAnother(this.context,
				"payments.processor.latency=0s", "payments.recovery.interval=100ms")) {
			this.jdbc.sql("UPDATE idempotency_keys SET recover_at = now() WHERE user_id = ?").param(user).update();
			Awaitility.await("every charge the processor made is recorded")
				.atMost(Duration.ofSeconds(30))
				.until(() -> books.charges(user) == 20);
		}
		assertThat(states(user)).containsExactly("completed");
		assertThat(books.processorCharges(user)).isEqualTo(20);
	}

	private List<String> states(String user) {
		return this.jdbc.sql("SELECT DISTINCT state FROM idempotency_keys WHERE user_id = ?")
			.param(user)
			.query(String.class)
			.list();
	}

}
