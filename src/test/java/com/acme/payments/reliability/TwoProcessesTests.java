package com.acme.payments.reliability;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.Race;
import com.acme.payments.support.ServiceProcess;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Two real service processes on one Postgres and one Redis, as behind a load balancer. */
@PaymentsTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoProcessesTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	List<ServiceProcess> processes;

	@BeforeAll
	void startTwoProcesses() {
		Map<String, String> settings = new HashMap<>(Instances.sharedSettings(this.context));
		settings.put("payments.processor.latency", "200ms");
		settings.put("payments.rate-limit.capacity", "100");
		settings.put("payments.rate-limit.period", "1h");
		// many requests of one user at once, to race the shared bucket, not the per-instance limiter
		settings.put("payments.rate-limit.concurrency", "1000");
		// three JVMs and Redis on two cores: give Redis time, so that no request fails open
		settings.put("payments.rate-limit.timeout", "3s");
		settings.put("spring.data.redis.timeout", "3s");
		// a full pool from the start: the race must not wait for connections being opened one by one,
		// which on two loaded cores takes longer than a request may wait for one (503s took tokens)
		settings.put("spring.datasource.hikari.minimum-idle", "20");
		settings.put("spring.datasource.hikari.connection-timeout", "5000");
		var first = CompletableFuture.supplyAsync(() -> start(settings));
		var second = CompletableFuture.supplyAsync(() -> start(settings));
		this.processes = List.of(first.join(), second.join());
	}

	@AfterAll
	void stopProcesses() throws InterruptedException {
		for (ServiceProcess process : this.processes) {
			process.kill();
		}
	}

	@Test
	void hundredDuplicatesSplitBetweenProcessesChargeOnce() {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();

		List<Answer> answers = Race.run(100, (i) -> client(i).charge(user, key, ApiClient.CHARGE_BODY).send());

		assertThat(answers).allSatisfy((a) -> assertThat(a.status()).isIn(201, 409));
		assertThat(answers.stream().filter((a) -> "false".equals(a.header("Idempotent-Replayed"))).count()).isEqualTo(1);
		assertThat(new Books(this.jdbc).charges(user))
			.isEqualTo(1);
		assertThat(new Books(this.jdbc).processorCharges(user)).isEqualTo(1);
	}

	@Test
	void sharedRateLimitStaysExactAcrossProcesses() {
		String user = TestTokens.newUser();
		String warmUp = TestTokens.newUser();
		Race.run(40, (i) -> client(i).get("/charges").as(warmUp).send());

		List<Answer> answers = Race.run(150, (i) -> client(i).get("/charges").as(user).send());

		assertThat(answers).allSatisfy((a) -> assertThat(a.header("RateLimit")).as("decided by the limiter").isNotNull());
		assertThat(answers.stream().filter((a) -> a.status() == 200).count()).isEqualTo(100);
		assertThat(answers.stream().filter((a) -> a.status() == 429).count()).isEqualTo(50);
	}

	private ApiClient client(int i) {
		return ApiClient.at(this.processes.get(i % 2).baseUrl());
	}

	private static ServiceProcess start(Map<String, String> settings) {
		try {
			return ServiceProcess.start(settings);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
