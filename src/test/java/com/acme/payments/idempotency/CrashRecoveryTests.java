package com.acme.payments.idempotency;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.ServiceProcess;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service process is SIGKILLed after the processor charged but before our transaction committed:
 * the worst moment. After the lease runs out, a retry on another instance takes the key over, calls the
 * processor with the same downstream key, and exactly one charge exists on both sides. The retry goes
 * to the restarted service (a new process).
 */
@PaymentsTest
class CrashRecoveryTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;


	@Test
	void retryAfterTheLeaseTakesOverAKilledRequestAndChargesOnce() throws Exception {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		Map<String, String> settings = new java.util.HashMap<>(Instances.sharedSettings(this.context));
		settings.put("payments.processor.latency", "60s");
		// the call outlasts nothing: the process is killed while the (slow) processor call is under way,
		// well inside its 15 s deadline and the 20 s lease
		settings.put("payments.processor.timeout", "15s");
		settings.put("payments.idempotency.lock-timeout", "20s");

		try (ServiceProcess doomed = ServiceProcess.start(settings)) {
			CompletableFuture.runAsync(() -> {
				try {
					ApiClient.at(doomed.baseUrl()).charge(user, key, ApiClient.CHARGE_BODY).send();
				}
				catch (RuntimeException ex) {
					// the connection dies with the process
				}
			});
			Awaitility.await("the processor charged")
				.atMost(Duration.ofSeconds(60))
				.until(() -> processorCharges(user) == 1);
			doomed.kill();
		}
		assertThat(charges(user)).isZero();
		assertThat(state(user)).isEqualTo("in_flight");

		// the service is restarted (a new process, no artificial latency) and the client retries there
		settings.put("payments.processor.latency", "0s");
		Answer retry;
		try (ServiceProcess restarted = ServiceProcess.start(settings)) {
			ApiClient client = ApiClient.at(restarted.baseUrl());
			retry = Awaitility.await("the lease expired and the retry took over")
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> client.charge(user, key, ApiClient.CHARGE_BODY).send(), (answer) -> answer.status() != 409);
			assertThat(client.get("/actuator/prometheus").send().text())
				.containsPattern("payments_idempotency_requests_total\\{[^}]*outcome=\"takeover\"[^}]*} 1\\.0");
		}
		Answer replayHere = this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
		assertThat(replayHere.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.status()).isEqualTo(201);
		assertThat(this.jdbc.sql("SELECT previous_state FROM idempotency_keys WHERE user_id = ?")
			.param(user)
			.query(String.class)
			.single()).as("taken over from a dead request").isEqualTo("in_flight");
		assertThat(charges(user)).isEqualTo(1);
		assertThat(processorCharges(user)).isEqualTo(1);
		assertThat(this.jdbc.sql("""
				SELECT c.processor_charge_id = l.processor_charge_id FROM charges c, processor_ledger l
				JOIN idempotency_keys k ON k.downstream_key = l.downstream_key
				WHERE c.user_id = :user AND k.user_id = :user""").param("user", user).query(Boolean.class).single())
			.isTrue();
		Answer replay = this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.body()).isEqualTo(retry.body());
	}

	private long charges(String user) {
		return new Books(this.jdbc).charges(user);
	}

	private long processorCharges(String user) {
		return new Books(this.jdbc).processorCharges(user);
	}

	private String state(String user) {
		return this.jdbc.sql("SELECT state FROM idempotency_keys WHERE user_id = ?").param(user).query(String.class).single();
	}

}
