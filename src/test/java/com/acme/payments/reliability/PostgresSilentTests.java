package com.acme.payments.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.FreezableProxy;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivatePostgres;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestServices;
import com.acme.payments.support.TestTokens;
import com.acme.payments.support.TestTools.Tool;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Postgres goes silent (a frozen host, a dropped network: no reset, no refusal), through a proxy that
 * stops forwarding: under load every request is still answered within 10 s (503 with Retry-After),
 * liveness stays up while readiness goes down, and once Postgres answers again the pool heals by
 * itself. Charges whose record was cut off by the silence are recorded once each, by recovery.
 */
@RequiresTools(Tool.POSTGRES_SERVER)
@PaymentsTest(properties = { "payments.rate-limit.capacity=100000", "payments.rate-limit.concurrency=1000",
		"payments.processor.latency=300ms", "payments.processor.timeout=3s", "payments.idempotency.lock-timeout=5s",
		"payments.recovery.after=1s", "payments.recovery.interval=500ms" })
class PostgresSilentTests {

	static final PrivatePostgres postgres = PrivatePostgres.start();

	static final FreezableProxy proxy = FreezableProxy.to(postgres.port());

	@DynamicPropertySource
	static void silentPostgres(DynamicPropertyRegistry registry) {
		postgres.register(registry);
		registry.add("spring.datasource.url",
				() -> "jdbc:postgresql://" + TestServices.LOCAL_HOST + ":" + proxy.port() + "/postgres");
	}

	@AfterAll
	static void stop() throws Exception {
		proxy.close();
		postgres.close();
	}

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Test
	void silentPostgresUnderLoadAnswersEveryRequestWithinTenSecondsAndThePoolHealsAfterwards() throws Exception {
		String user = TestTokens.newUser();
		assertThat(this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send().status()).isEqualTo(201);
		ConcurrentLinkedQueue<Timed> answers = new ConcurrentLinkedQueue<>();
		ExecutorService load = Executors.newFixedThreadPool(24);
		long until = System.nanoTime() + Duration.ofSeconds(9).toNanos();
		List<Future<?>> workers = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			boolean reads = i % 3 == 0;
			workers.add(load.submit(() -> {
				while (System.nanoTime() < until) {
					long started = System.nanoTime();
					Answer answer = reads ? this.api.get("/charges").as(user).send()
							: this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
					answers.add(new Timed(answer, Duration.ofNanos(System.nanoTime() - started)));
				}
			}));
		}
		Thread.sleep(1_000);
		proxy.freeze();
		Awaitility.await("readiness down").atMost(Duration.ofSeconds(10))
			.until(() -> this.api.get("/actuator/health/readiness").send().status() == 503);
		assertThat(this.api.get("/actuator/health/liveness").send().status()).isEqualTo(200);
		for (Future<?> worker : workers) {
			worker.get(30, TimeUnit.SECONDS);
		}
		load.shutdown();
		proxy.thaw();

		assertThat(answers).isNotEmpty().allSatisfy((timed) -> {
			assertThat(timed.took()).as("answered within its bound").isLessThan(Duration.ofSeconds(10));
			assertThat(timed.answer().status()).isIn(200, 201, 503);
			if (timed.answer().status() == 503) {
				assertThat(timed.answer().header("Retry-After")).isNotNull();
			}
		});
		assertThat(answers).as("the silence was felt").anySatisfy((timed) -> assertThat(timed.answer().status()).isEqualTo(503));
		Awaitility.await("the pool heals").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
			.until(() -> this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send().status() == 201);
		assertThat(this.api.get("/actuator/health/readiness").send().status()).isEqualTo(200);
		// a processor charge whose record the silence cut off is recorded by recovery, once
		Awaitility.await("recovery records what the silence cut off").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(this::processorChargesWithoutARecord, (missing) -> missing == 0);
	}

	private long processorChargesWithoutARecord() {
		return this.jdbc.sql("""
				SELECT count(*) FROM processor_ledger l
				WHERE NOT EXISTS (SELECT 1 FROM charges c WHERE c.processor_charge_id = l.processor_charge_id)""")
			.query(Long.class)
			.single();
	}

	record Timed(Answer answer, Duration took) {
	}

}
