package com.acme.payments.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.ServiceProcess;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service process is SIGKILLed while its recovery job is asking the processor about a lost
 * answer. The lease it held runs out, the restarted service takes the attempt over, and the charge
 * is recorded once, with no client retrying.
 */
@PaymentsTest
class RecoveryCrashTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Test
	void recoveryKilledMidwayIsResumedAfterRestartAndRecordsOnce() throws Exception {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		String body = "{\"amount\":700,\"currency\":\"usd\",\"source\":\"tok_lostResponse\"}";
		assertThat(this.api.charge(user, key, body).send().status()).isEqualTo(503);
		this.jdbc.sql("UPDATE idempotency_keys SET recover_at = now() WHERE user_id = ?").param(user).update();
		Map<String, String> settings = new HashMap<>(Instances.sharedSettings(this.context));
		settings.put("payments.processor.latency", "60s");
		// the call outlasts nothing: the process is killed while the (slow) processor call is under way,
		// well inside its 15 s deadline and the 20 s lease
		settings.put("payments.processor.timeout", "15s");
		settings.put("payments.idempotency.lock-timeout", "20s");
		settings.put("payments.recovery.interval", "100ms");

		try (ServiceProcess doomed = ServiceProcess.start(settings)) {
			Awaitility.await("the recovery job is asking the processor")
				.atMost(Duration.ofSeconds(60))
				.until(() -> recoveryAttempts(user) == 1);
			doomed.kill();
		}
		Books books = new Books(this.jdbc);
		assertThat(books.charges(user)).isZero();
		assertThat(state(user)).as("leased to the dead recoverer").isEqualTo("in_flight");

		settings.put("payments.processor.latency", "0s");
		try (ServiceProcess restarted = ServiceProcess.start(settings)) {
			Awaitility.await("the restarted service recorded the charge")
				.atMost(Duration.ofSeconds(60))
				.until(() -> books.charges(user) == 1);
		}
		assertThat(state(user)).isEqualTo("completed");
		assertThat(recoveryAttempts(user)).isEqualTo(2);
		assertThat(books.processorCharges(user)).isEqualTo(1);
		Answer replay = this.api.charge(user, key, body).send();
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
	}

	private int recoveryAttempts(String user) {
		return this.jdbc.sql("SELECT recovery_attempts FROM idempotency_keys WHERE user_id = ?")
			.param(user)
			.query(Integer.class)
			.single();
	}

	private String state(String user) {
		return this.jdbc.sql("SELECT state FROM idempotency_keys WHERE user_id = ?").param(user).query(String.class).single();
	}

}
