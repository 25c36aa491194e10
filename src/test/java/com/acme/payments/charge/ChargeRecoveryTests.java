package com.acme.payments.charge;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import com.acme.payments.processor.FaultyProcessor;
import com.acme.payments.processor.PaymentProcessor;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lost processor answers are recorded without any client retrying: recovery asks the processor
 * under the downstream key, records what it finds exactly as the answer would have been recorded,
 * frees keys under which nothing was charged, and keeps asking while the processor is unreachable.
 * The context is closed after the class, so its fast recovery job resolves nothing of other tests.
 */
@PaymentsTest(properties = { "payments.recovery.after=200ms", "payments.recovery.interval=100ms" })
@Import(ChargeRecoveryTests.Faults.class)
@DirtiesContext
class ChargeRecoveryTests {

	static final Duration RECOVERED_WITHIN = Duration.ofSeconds(15);

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	FaultyProcessor processor;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ApplicationContext context;

	final String user = TestTokens.newUser();

	final Books books;

	ChargeRecoveryTests(@Autowired JdbcClient jdbc) {
		this.books = new Books(jdbc);
	}

	@AfterEach
	void heal() {
		this.processor.heal();
	}

	@Test
	void lostAnswerIsRecordedWithoutARetryAndReplaysAsTheChargeObject() {
		String key = ApiClient.newKey();
		this.processor.loseAnswers(true);
		Answer lost = this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send();
		this.processor.heal();
		assertThat(lost.status()).isEqualTo(503);
		assertThat(lost.problemType()).isEqualTo("processor-unavailable");
		assertThat(this.books.processorCharges(this.user)).isEqualTo(1);

		awaitRecorded(this.user, 1);

		Answer retry = this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send();
		assertThat(retry.status()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		String id = retry.json().path("id").asString();
		assertThat(retry.header("Location")).isEqualTo("/charges/" + id);
		Answer read = this.api.get("/charges/" + id).as(this.user).send();
		assertThat(retry.body()).as("the stored answer is the charge object, byte for byte").isEqualTo(read.body());
		Answer online = this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
		assertThat(retry.header("Content-Type")).isEqualTo(online.header("Content-Type"));
		assertThat(this.api.get("/charges").as(this.user).send().json().path("data").findValuesAsString("id"))
			.contains(id);
		assertThat(this.books.processorCharges(this.user)).isEqualTo(2);
	}

	@Test
	void requestWhoseLeaseRanOutMidChargeAnswers409WithNothingOfTheAnswerItCouldNotRecord() throws Exception {
		String key = ApiClient.newKey();
		FaultyProcessor.Pause pause = this.processor.pauseNextCharge();
		java.util.concurrent.CompletableFuture<Answer> first = java.util.concurrent.CompletableFuture
			.supplyAsync(() -> this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send());
		pause.awaitEntered();
		// the first request stalls at the processor past its lease (a long pause, a slow network)
		this.jdbc.sql("UPDATE idempotency_keys SET lease_expires_at = now() - interval '1 second' WHERE user_id = ?")
			.param(this.user).update();
		Answer takeover = this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send();
		pause.release();
		Answer stalled = first.get(30, java.util.concurrent.TimeUnit.SECONDS);

		assertThat(takeover.status()).as("the retry took the key over and recorded the charge").isEqualTo(201);
		assertThat(stalled.status()).isEqualTo(409);
		assertThat(stalled.header("Location")).as("no link to a charge this request did not record").isNull();
		assertThat(stalled.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(stalled.header("RateLimit")).as("what the filters before the handler said still holds").isNotNull();
		assertThat(stalled.header("Retry-After")).isNotNull();
		assertThat(this.books.processorCharges(this.user)).as("one charge: the same downstream key").isEqualTo(1);
		assertThat(this.api.get("/charges").as(this.user).send().json().path("data")).hasSize(1);
	}

	@Test
	void chargeRecoveredAfterItsKeysTtlReplaysToTheRetryInsteadOfChargingAgain() {
		String key = ApiClient.newKey();
		this.processor.loseAnswers(true);
		assertThat(this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send().status()).isEqualTo(503);
		// the processor stays out of reach for longer than the key's 24 hours (expiry never frees an unknown key)
		this.processor.down(true);
		assertThat(this.jdbc.sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours', "
				+ "expires_at = now() - interval '1 hour' WHERE user_id = ? AND state = 'unknown'")
			.param(this.user)
			.update()).as("still unknown: recovery could not have asked yet").isEqualTo(1);
		this.processor.heal();

		awaitRecorded(this.user, 1);
		Answer retry = this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send();

		assertThat(retry.status()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).as("the recorded answer, not a new charge").isEqualTo("true");
		assertThat(this.books.processorCharges(this.user)).isEqualTo(1);
	}

	@Test
	void recoveredDeclineReplaysTheProblemTheServiceWouldHaveAnswered() {
		String body = "{\"amount\":500,\"currency\":\"eur\",\"source\":\"tok_chargeDeclined\"}";
		String key = ApiClient.newKey();
		this.processor.loseAnswers(true);
		assertThat(this.api.charge(this.user, key, body).send().status()).isEqualTo(503);
		this.processor.heal();

		awaitRecorded(this.user, 1);

		Answer replay = this.api.charge(this.user, key, body).send();
		Answer online = this.api.charge(this.user, ApiClient.newKey(), body).send();
		assertThat(replay.status()).isEqualTo(402);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.header("Content-Type")).isEqualTo(online.header("Content-Type"));
		assertThat(replay.json().path("charge").asString()).isEqualTo(this.jdbc
			.sql("SELECT id FROM charges WHERE user_id = ? AND processor_charge_id IN (SELECT l.processor_charge_id "
					+ "FROM processor_ledger l JOIN idempotency_keys k ON k.downstream_key = l.downstream_key "
					+ "WHERE k.user_id = ? AND k.idempotency_key = ?)")
			.params(this.user, this.user, key)
			.query(String.class)
			.single());
		ObjectNode recovered = (ObjectNode) replay.json();
		ObjectNode answered = (ObjectNode) online.json();
		recovered.remove("charge");
		answered.remove("charge");
		assertThat(recovered.toString()).isEqualTo(answered.toString());
	}

	@Test
	void unreachableProcessorIsAskedAgainWithBackoffUntilItAnswers() {
		String key = ApiClient.newKey();
		this.processor.loseAnswers(true);
		assertThat(this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send().status()).isEqualTo(503);
		this.processor.loseAnswers(false);
		this.processor.down(true);

		Awaitility.await("recovery asked twice and got no answer")
			.atMost(RECOVERED_WITHIN)
			.until(() -> recoveryAttempts(key) >= 2);
		assertThat(this.books.charges(this.user)).isZero();
		assertThat(state(key)).isIn("unknown", "in_flight");
		assertThat(this.meters.get("payments.recovery.unresolved").gauge().value()).isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("payments.recovery.resolved").tag("result", "retry_later").counter().count())
			.isGreaterThanOrEqualTo(2);

		this.processor.heal();

		awaitRecorded(this.user, 1);
		assertThat(state(key)).isEqualTo("completed");
	}

	@Test
	void keyUnderWhichNothingWasChargedIsFreedForAnotherRequest() {
		String key = ApiClient.newKey();
		this.processor.dropRequests(true);
		Answer dropped = this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send();
		this.processor.heal();
		assertThat(dropped.status()).isEqualTo(503);
		assertThat(this.api.charge(this.user, key, "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\"}")
			.send()
			.status()).as("bound while the outcome is unknown").isEqualTo(409);

		Awaitility.await("recovery found nothing charged").atMost(RECOVERED_WITHIN).until(() -> "released".equals(state(key)));

		Answer other = this.api.charge(this.user, key, "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\"}")
			.send();
		assertThat(other.status()).isEqualTo(201);
		assertThat(this.books.charges(this.user)).isEqualTo(1);
		assertThat(this.books.processorCharges(this.user)).isEqualTo(1);
	}

	@Test
	void twoInstancesRecoveringAtOnceRecordEachChargeOnce() {
		int lost = 30;
		try (ConfigurableApplicationContext other = Instances.startAnother(this.context,
				"payments.recovery.interval=20ms")) {
			double recordedBefore = recorded(this.meters) + recorded(other.getBean(MeterRegistry.class));
			this.processor.loseAnswers(true);
			List<Integer> statuses = Race.run(10, (thread) -> IntStream.range(0, lost / 10)
				.map((i) -> this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send().status())
				.sum());
			this.processor.heal();
			assertThat(statuses).allSatisfy((sum) -> assertThat(sum).isEqualTo(503 * (lost / 10)));
			List<ChargeRecovery> recoverers = List.of(this.context.getBean(ChargeRecovery.class),
					other.getBean(ChargeRecovery.class));
			Race.run(4, (i) -> recoverers.get(i % 2).runOnce());

			awaitRecorded(this.user, lost);

			assertThat(recorded(this.meters) + recorded(other.getBean(MeterRegistry.class)) - recordedBefore)
				.isEqualTo(lost);
		}
		assertThat(this.books.processorCharges(this.user)).isEqualTo(lost);
		assertThat(this.jdbc.sql("SELECT count(DISTINCT processor_charge_id) FROM charges WHERE user_id = ?")
			.param(this.user)
			.query(Long.class)
			.single()).isEqualTo(lost);
		assertThat(this.jdbc.sql("SELECT DISTINCT state FROM idempotency_keys WHERE user_id = ?")
			.param(this.user)
			.query(String.class)
			.list()).containsExactly("completed");
	}

	private void awaitRecorded(String user, long charges) {
		Awaitility.await("recovery recorded the charges")
			.atMost(RECOVERED_WITHIN)
			.until(() -> this.books.charges(user) == charges);
		assertThat(this.books.charges(user)).isEqualTo(charges);
	}

	private static double recorded(MeterRegistry meters) {
		Counter counter = meters.find("payments.recovery.resolved").tag("result", "recorded").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private String state(String key) {
		return this.jdbc.sql("SELECT state FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?")
			.params(this.user, key)
			.query(String.class)
			.single();
	}

	private int recoveryAttempts(String key) {
		return this.jdbc.sql("SELECT recovery_attempts FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?")
			.params(this.user, key)
			.query(Integer.class)
			.single();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Faults {

		@Bean
		@Primary
		FaultyProcessor faultyProcessor(@Qualifier("simulatedProcessor") PaymentProcessor simulator) {
			return new FaultyProcessor(simulator);
		}

	}

}
