package com.acme.payments.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTools.Tool;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivatePostgres;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Postgres, the source of truth, goes away: the API answers 503 with Retry-After within a bounded
 * time, readiness goes DOWN while liveness stays UP, and the service recovers by itself.
 */
// A short lease: a request cut off mid-transaction leaves its key in flight until the lease ends.
@RequiresTools(Tool.POSTGRES_SERVER)
@PaymentsTest(properties = { "payments.rate-limit.capacity=100000", "payments.idempotency.lock-timeout=2s",
		"payments.processor.timeout=1s" })
class PostgresOutageTests {

	static final PrivatePostgres postgres = PrivatePostgres.start();

	@DynamicPropertySource
	static void privatePostgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

	@AfterAll
	static void stop() throws Exception {
		postgres.close();
	}

	@Autowired
	ApiClient api;

	@Test
	void answers503WhileDownAndRecoversWithoutRestart() throws Exception {
		String user = TestTokens.newUser();
		assertThat(this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send().status()).isEqualTo(201);
		String key = ApiClient.newKey();
		postgres.stop();
		try {
			long started = System.nanoTime();
			Answer charge = this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			assertServiceUnavailable(charge);
			assertServiceUnavailable(this.api.get("/charges").as(user).send());
			assertThat(this.api.get("/actuator/health/readiness").send().status()).isEqualTo(503);
			assertThat(this.api.get("/actuator/health/liveness").send().status()).isEqualTo(200);
		}
		finally {
			postgres.restart();
		}

		Answer retried = Awaitility.await("recovery")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.api.charge(user, key, ApiClient.CHARGE_BODY).send(), (a) -> a.status() != 503);
		assertThat(retried.status()).isEqualTo(201);
		assertThat(this.api.get("/charges").as(user).send().json().path("data").size()).isEqualTo(2);
		assertThat(this.api.get("/actuator/health/readiness").send().status()).isEqualTo(200);
	}

	/**
	 * Under load, every answer is a 201 or a 503, and retrying each 503 with its key after the
	 * outage ends with exactly one charge per key. A 503 can hide a charge whose COMMIT reached
	 * Postgres just before it stopped (the acknowledgement was lost with the connection): the retry
	 * must then replay that charge, never make a second one.
	 */
	@Test
	void underLoadEveryKeyEndsWithExactlyOneChargeAndItsRecord() throws Exception {
		String user = TestTokens.newUser();
		AtomicBoolean stop = new AtomicBoolean();
		Thread outage = new Thread(() -> {
			try {
				Thread.sleep(500);
				postgres.stop();
				Thread.sleep(2500);
				postgres.restart();
				Thread.sleep(1500);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			finally {
				stop.set(true);
			}
		});
		outage.start();

		List<List<Map.Entry<String, Answer>>> perThread = Race.run(6, (t) -> {
			List<Map.Entry<String, Answer>> answers = new ArrayList<>();
			while (!stop.get()) {
				String key = ApiClient.newKey();
				long started = System.nanoTime();
				Answer answer = this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
				answers.add(Map.entry(key, answer));
			}
			return answers;
		});
		outage.join();

		List<Map.Entry<String, Answer>> answers = perThread.stream().flatMap(List::stream).toList();
		assertThat(answers).allSatisfy((a) -> assertThat(a.getValue().status()).isIn(201, 503));
		assertThat(answers).anyMatch((a) -> a.getValue().status() == 503).anyMatch((a) -> a.getValue().status() == 201);
		answers.stream().filter((a) -> a.getValue().status() == 503).forEach((a) -> assertServiceUnavailable(a.getValue()));
		long created = answers.stream().filter((a) -> a.getValue().status() == 201).count();
		JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(postgres.jdbcUrl(), "postgres", ""));
		long inDoubt = charges(jdbc, user) - created;
		assertThat(inDoubt).as("charges committed but answered 503").isNotNegative();

		long replayed = 0;
		for (Map.Entry<String, Answer> failed : answers) {
			if (failed.getValue().status() != 503) {
				continue;
			}
			Answer retried = Awaitility.await("retry of " + failed.getKey())
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> this.api.charge(user, failed.getKey(), ApiClient.CHARGE_BODY).send(),
						(a) -> a.status() != 503 && a.status() != 409);
			assertThat(retried.status()).isEqualTo(201);
			replayed += "true".equals(retried.header("Idempotent-Replayed")) ? 1 : 0;
		}

		assertThat(replayed).as("retries that found their charge already committed").isEqualTo(inDoubt);
		assertThat(charges(jdbc, user)).as("one charge per key").isEqualTo(answers.size());
		assertThat(jdbc.sql("""
				SELECT count(*) FROM charges c
				JOIN processor_ledger l ON l.processor_charge_id = c.processor_charge_id
				JOIN idempotency_keys k ON k.downstream_key = l.downstream_key AND k.user_id = c.user_id
				WHERE c.user_id = ? AND k.state = 'completed'""").param(user).query(Long.class).single())
			.as("no charge without its completed idempotency record")
			.isEqualTo(answers.size());
	}

	private static long charges(JdbcClient jdbc, String user) {
		return jdbc.sql("SELECT count(*) FROM charges WHERE user_id = ?").param(user).query(Long.class).single();
	}

	private static void assertServiceUnavailable(Answer answer) {
		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.problemType()).isEqualTo("service-unavailable");
		assertThat(Integer.parseInt(answer.header("Retry-After"))).isGreaterThanOrEqualTo(1);
		assertThat(answer.text()).doesNotContainIgnoringCase("sql").doesNotContain("Exception").doesNotContain("at org.");
	}

}
