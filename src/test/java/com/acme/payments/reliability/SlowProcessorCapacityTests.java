package com.acme.payments.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow processor costs threads, not database connections: with four times more charges in
 * flight than the pool has connections, every charge is answered in about one processor latency,
 * and another user's read is answered at once while they all wait for the processor.
 */
@PaymentsTest(properties = { "payments.processor.latency=1s", "spring.datasource.hikari.maximum-pool-size=10" })
class SlowProcessorCapacityTests {

	static final Duration LATENCY = Duration.ofSeconds(1);

	static final int CHARGES = 40;

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Test
	void moreConcurrentChargesThanConnectionsAllSucceedInAboutOneLatencyWhileReadsStayFast() {
		String prefix = "capacity-" + TestTokens.newUser() + "-";
		String reader = TestTokens.newUser();
		this.api.charge(reader, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();

		CompletableFuture<Duration> read = CompletableFuture.supplyAsync(() -> {
			Awaitility.await("most charges are waiting for the processor")
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> charged(prefix) >= CHARGES * 3 / 4);
			long started = System.nanoTime();
			Answer answer = this.api.get("/charges").as(reader).send();
			assertThat(answer.status()).isEqualTo(200);
			return Duration.ofNanos(System.nanoTime() - started);
		});
		long started = System.nanoTime();
		List<Integer> statuses = Race.run(CHARGES,
				(i) -> this.api.charge(prefix + i, ApiClient.newKey(), ApiClient.CHARGE_BODY).send().status());
		Duration burst = Duration.ofNanos(System.nanoTime() - started);

		assertThat(statuses).containsOnly(201);
		assertThat(burst).as("one latency, not one per pool-full of charges").isLessThan(LATENCY.multipliedBy(5).dividedBy(2));
		assertThat(read.join()).as("a read while every charge waits for the processor").isLessThan(LATENCY.dividedBy(2));
	}

	/** Charges the processor has made for users with this prefix. */
	private long charged(String prefix) {
		return this.jdbc.sql("""
				SELECT count(*) FROM processor_ledger l JOIN idempotency_keys k ON k.downstream_key = l.downstream_key
				WHERE k.user_id LIKE ?""").param(prefix + "%").query(Long.class).single();
	}

}
