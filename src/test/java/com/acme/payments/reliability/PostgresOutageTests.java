package com.acme.payments.reliability;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivatePostgres;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Postgres, the source of truth, goes away: the API answers 503 with Retry-After within a bounded
 * time, readiness goes DOWN while liveness stays UP, and the service recovers by itself.
 */
@PaymentsTest(properties = "payments.rate-limit.capacity=100000")
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

	@Test
	void underLoadEveryAnswerIsAChargeWithItsRecordOrA503() throws Exception {
		String user = TestTokens.newUser();
		java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
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

		java.util.List<java.util.List<Answer>> perThread = com.acme.payments.support.Race.run(6, (t) -> {
			java.util.List<Answer> answers = new java.util.ArrayList<>();
			while (!stop.get()) {
				long started = System.nanoTime();
				Answer answer = this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
				answers.add(answer);
			}
			return answers;
		});
		outage.join();

		java.util.List<Answer> answers = perThread.stream().flatMap(java.util.List::stream).toList();
		assertThat(answers).allSatisfy((a) -> assertThat(a.status()).isIn(201, 503));
		assertThat(answers).anyMatch((a) -> a.status() == 503).anyMatch((a) -> a.status() == 201);
		answers.stream().filter((a) -> a.status() == 503).forEach(PostgresOutageTests::assertServiceUnavailable);
		long created = answers.stream().filter((a) -> a.status() == 201).count();
		JdbcClient jdbc = JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(
				postgres.jdbcUrl(), "postgres", ""));
		assertThat(jdbc.sql("SELECT count(*) FROM charges WHERE user_id = ?").param(user).query(Long.class).single())
			.as("every 201 is one charge, every charge was answered 201")
			.isEqualTo(created);
		assertThat(jdbc.sql("""
				SELECT count(*) FROM charges c
				JOIN processor_ledger l ON l.processor_charge_id = c.processor_charge_id
				JOIN idempotency_keys k ON k.downstream_key = l.downstream_key AND k.user_id = c.user_id
				WHERE c.user_id = ? AND k.state = 'completed'""").param(user).query(Long.class).single())
			.as("no charge without its completed idempotency record")
			.isEqualTo(created);
	}

	private static void assertServiceUnavailable(Answer answer) {
		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.problemType()).isEqualTo("service-unavailable");
		assertThat(Integer.parseInt(answer.header("Retry-After"))).isGreaterThanOrEqualTo(1);
		assertThat(answer.text()).doesNotContainIgnoringCase("sql").doesNotContain("Exception").doesNotContain("at org.");
	}

}
