package com.acme.payments.charge;

import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.acme.payments.processor.FaultyProcessor;
import com.acme.payments.processor.PaymentProcessor;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivatePostgres;
import com.acme.payments.support.Race;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTokens;
import com.acme.payments.support.TestTools.Tool;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation against the simulator's ledger, on a database of its own (it compares whole
 * windows, whoever's charges they hold): a lost record is found and restored for its user, a
 * changed record is flagged and left as it is, a record the processor lacks is flagged and kept,
 * two instances at once record once, a run that fails half-way leaves the watermark where it was,
 * and neither resolver ever overwrites a final state while a client retries.
 */
@RequiresTools(Tool.POSTGRES_SERVER)
@PaymentsTest(properties = { "payments.reconciliation.settle=0s", "payments.reconciliation.batch-size=1",
		"payments.recovery.after=1ms", "payments.rate-limit.capacity=100000",
		// the books under test are Postgres's; a cached answer would hide what a test removed there
		"payments.idempotency.cache.enabled=false" })
@Import(ReconciliationTests.Faults.class)
class ReconciliationTests {

	static final PrivatePostgres postgres = PrivatePostgres.start();

	@DynamicPropertySource
	static void ownDatabase(DynamicPropertyRegistry registry) {
		postgres.register(registry);
	}

	@AfterAll
	static void stop() throws Exception {
		postgres.close();
	}

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ChargeReconciliation reconciliation;

	@Autowired
	ChargeRecovery recovery;

	@Autowired
	FaultyProcessor processor;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ApplicationContext context;

	final String user = TestTokens.newUser();

	@AfterEach
	void heal() {
		this.processor.heal();
	}

	@Test
	void chargeWhoseRecordWasLostIsFoundRestoredForItsUserAndListed() {
		String processorChargeId = processorChargeId(charge(ApiClient.newKey(), 1999));
		forgetEverything();
		double before = findings("unrecorded");

		Optional<ChargeReconciliation.Window> window = this.reconciliation.runOnce();

		assertThat(window).isPresent();
		JsonNode listed = this.api.get("/charges").as(this.user).send().json().path("data");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).path("amount").asInt()).isEqualTo(1999);
		assertThat(listed.get(0).path("status").asString()).isEqualTo("succeeded");
		assertThat(this.jdbc.sql("SELECT count(*) FROM charges WHERE processor_charge_id = ?")
			.param(processorChargeId).query(Long.class).single()).isEqualTo(1);
		assertThat(findings("unrecorded")).isEqualTo(before + 1);
		assertThat(this.reconciliation.runOnce().map(ChargeReconciliation.Window::compared).orElse(0L))
			.as("each window once").isZero();
	}

	@Test
	void releasedKeyOfALostChargeReplaysItOnceReconciliationRecordsIt() {
		String key = ApiClient.newKey();
		String original = processorChargeId(charge(key, 2500));
		this.jdbc.sql("DELETE FROM charges WHERE user_id = ?").param(this.user).update();
		this.jdbc.sql("UPDATE idempotency_keys SET state = 'released', response_status = NULL, response_body = NULL, "
				+ "response_location = NULL, response_content_type = NULL WHERE user_id = ?").param(this.user).update();

		this.reconciliation.runOnce();
		Answer retried = charge(key, 2500);

		assertThat(retried.status()).isEqualTo(201);
		assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retried.json().path("amount").asInt()).isEqualTo(2500);
		assertThat(processorChargeIdOf(retried.json().path("id").asString())).isEqualTo(original);
		assertThat(chargesOfUser()).isEqualTo(1);
	}

	@Test
	void recordThatDiffersFromTheProcessorIsFlaggedAndLeftAsItWas() {
		Answer charged = charge(ApiClient.newKey(), 1000);
		this.jdbc.sql("UPDATE charges SET amount = 1001 WHERE id = ?").param(charged.json().path("id").asString()).update();
		double before = findings("mismatch");

		this.reconciliation.runOnce();

		assertThat(findings("mismatch")).isEqualTo(before + 1);
		assertThat(this.jdbc.sql("SELECT amount FROM charges WHERE id = ?")
			.param(charged.json().path("id").asString())
			.query(Long.class)
			.single()).as("not changed silently").isEqualTo(1001);
	}

	@Test
	void recordedChargeTheProcessorDoesNotHaveIsFlaggedAndKept() {
		Answer charged = charge(ApiClient.newKey(), 1200);
		this.jdbc.sql("DELETE FROM processor_ledger WHERE processor_charge_id = ?").param(processorChargeId(charged))
			.update();
		double before = findings("unknown_to_processor");

		this.reconciliation.runOnce();

		assertThat(findings("unknown_to_processor")).isEqualTo(before + 1);
		assertThat(chargesOfUser()).as("never deleted").isEqualTo(1);
	}

	@Test
	void twoInstancesReconcilingAtOnceRecordALostChargeOnce() {
		String processorChargeId = processorChargeId(charge(ApiClient.newKey(), 1300));
		forgetEverything();
		try (ConfigurableApplicationContext other = Instances.startAnother(this.context,
				"payments.reconciliation.settle=0s", "payments.reconciliation.interval=1h",
				"payments.recovery.interval=1h")) {
			ChargeReconciliation second = other.getBean(ChargeReconciliation.class);
			List<ChargeReconciliation> both = List.of(this.reconciliation, second);

			Race.run(2, (i) -> both.get(i).runOnce());
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM charges WHERE processor_charge_id = ?")
			.param(processorChargeId).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void runThatFailsHalfWayLeavesTheWatermarkAndTheNextRunFinishesTheWindow() {
		charge(ApiClient.newKey(), 1400);
		charge(ApiClient.newKey(), 1500);
		forgetEverything();
		java.time.Instant watermark = watermark();
		this.processor.failListingAfter(1);

		assertThat(org.assertj.core.api.Assertions.catchThrowable(this.reconciliation::runOnce)).isNotNull();
		assertThat(watermark()).as("a failed run does not move it").isEqualTo(watermark);

		this.processor.heal();
		this.reconciliation.runOnce();

		assertThat(watermark()).isAfter(watermark);
		assertThat(this.jdbc.sql("SELECT amount FROM charges WHERE user_id = ? ORDER BY amount").param(this.user)
			.query(Long.class).list()).as("each once").containsExactly(1400L, 1500L);
	}

	@Test
	void resolversRacingAClientRetryNeverOverwriteTheFirstFinalOutcome() {
		String key = ApiClient.newKey();
		String lost = "{\"amount\":1600,\"currency\":\"usd\",\"source\":\"tok_lostResponse\"}";
		assertThat(this.api.charge(this.user, key, lost).send().status()).isEqualTo(503);

		List<Object> outcomes = Race.run(3, (i) -> switch (i) {
			case 0 -> this.api.charge(this.user, key, lost).send().status();
			case 1 -> this.recovery.runOnce();
			default -> this.reconciliation.runOnce();
		});
		Answer settled = this.api.charge(this.user, key, lost).send();
		Answer again = this.api.charge(this.user, key, lost).send();

		assertThat((Integer) outcomes.get(0)).isIn(201, 409);
		assertThat(settled.status()).isEqualTo(201);
		assertThat(again.text()).as("one final answer").isEqualTo(settled.text());
		assertThat(chargesOfUser()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM processor_ledger WHERE user_id = ?").param(this.user)
			.query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void chargeStillUnderWayAfterTheHoldIsReportedStuckOnceAndReconciliationMovesOn() {
		String processorChargeId = processorChargeId(charge(ApiClient.newKey(), 4100));
		// made seven hours ago, its record gone and its key left unknown, where no resolver will take it
		this.jdbc.sql("DELETE FROM charges WHERE user_id = ?").param(this.user).update();
		this.jdbc.sql("UPDATE idempotency_keys SET state = 'unknown', request_body = NULL, response_status = NULL, "
				+ "response_body = NULL, response_location = NULL, response_content_type = NULL WHERE user_id = ?")
			.param(this.user).update();
		this.jdbc.sql("UPDATE processor_ledger SET created = now() - interval '7 hours' WHERE processor_charge_id = ?")
			.param(processorChargeId).update();
		this.jdbc.sql("UPDATE reconciliation_watermark SET reconciled_until = now() - interval '7 hours 30 minutes'")
			.update();
		double stuck = findings("stuck");
		for (int run = 0; run < 3; run++) {
			this.reconciliation.runOnce();
		}
		java.time.Instant held = watermark();
		// reconciliation has waited for it for longer than the hold (6 h)
		this.jdbc.sql("UPDATE reconciliation_held SET first_held_at = now() - interval '7 hours' WHERE charge_ref = ?")
			.param(processorChargeId).update();

		// one run takes at most an hour of processor time: catching up takes eight
		for (int run = 0; run < 12 && watermark().isBefore(java.time.Instant.now().minusSeconds(600)); run++) {
			this.reconciliation.runOnce();
		}

		assertThat(held).as("first seen seven hours after it was made, it is waited for all the same")
			.isBefore(java.time.Instant.now().minus(java.time.Duration.ofHours(6)));

		assertThat(watermark()).as("the charge under way no longer holds the watermark back")
			.isAfter(java.time.Instant.now().minusSeconds(600));
		assertThat(findings("stuck")).as("reported once").isEqualTo(stuck + 1);
		assertThat(this.jdbc.sql("SELECT detail FROM reconciliation_findings WHERE kind = 'stuck' AND charge_ref = ?")
			.param(processorChargeId).query(String.class).single()).contains("still in flight or unknown");
		assertThat(chargesOfUser()).as("its key is its resolvers' to record, never reconciliation's").isZero();
	}

	private Answer charge(String key, int amount) {
		Answer answer = this.api.charge(this.user, key,
				"{\"amount\":" + amount + ",\"currency\":\"usd\",\"source\":\"tok_visa\"}").send();
		assertThat(answer.status()).isIn(201);
		return answer;
	}

	/** The record and the key are gone (the answer cache is off here): only the processor knows. */
	private void forgetEverything() {
		this.jdbc.sql("DELETE FROM charges WHERE user_id = ?").param(this.user).update();
		this.jdbc.sql("DELETE FROM idempotency_keys WHERE user_id = ?").param(this.user).update();
	}

	/** The processor's id of a charge, while its record exists. */
	private String processorChargeId(Answer charged) {
		return processorChargeIdOf(charged.json().path("id").asString());
	}

	private String processorChargeIdOf(String chargeId) {
		return this.jdbc.sql("SELECT processor_charge_id FROM charges WHERE id = ?").param(chargeId)
			.query(String.class).single();
	}

	private long chargesOfUser() {
		return this.jdbc.sql("SELECT count(*) FROM charges WHERE user_id = ?").param(this.user).query(Long.class).single();
	}

	private java.time.Instant watermark() {
		return this.jdbc.sql("SELECT reconciled_until FROM reconciliation_watermark")
			.query(java.time.OffsetDateTime.class).single().toInstant();
	}

	private double findings(String kind) {
		return this.meters.counter("payments.reconciliation.findings", "kind", kind).count();
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
