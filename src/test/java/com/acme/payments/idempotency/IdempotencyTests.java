package com.acme.payments.idempotency;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@PaymentsTest
class IdempotencyTests {

	static final String OTHER_BODY = """
			{"amount": 2500, "currency": "usd", "source": "tok_visa"}""";

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	final String user = TestTokens.newUser();

	final String key = ApiClient.newKey();

	@Test
	void replaysStoredResponseForSameKey() {
		Answer first = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		Answer replay = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		assertThat(first.status()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
		assertThat(replay.header("Content-Type")).isEqualTo(first.header("Content-Type"));
		assertThat(charges()).isEqualTo(1);
		assertThat(processorCharges()).isEqualTo(1);
	}

	@Test
	void reorderedFieldsAndWhitespaceAreTheSameRequest() {
		Answer first = this.api.charge(this.user, this.key, "{\"amount\":1999,\"currency\":\"usd\",\"source\":\"tok_visa\"}")
			.send();

		Answer replay = this.api.charge(this.user, this.key,
				"{ \"source\" : \"tok_visa\",\n \"currency\":\"usd\", \"amount\": 1999 }")
			.send();

		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.body()).isEqualTo(first.body());
	}

	@Test
	void quotedAndBareFormsOfAKeyAreOneKey() {
		Answer first = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		Answer replay = this.api.charge(this.user, "\"" + this.key + "\"", ApiClient.CHARGE_BODY).send();

		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(charges()).isEqualTo(1);
	}

	@Test
	void sameKeyWithAnotherBodyIsAConflictAndChargesNothing() {
		this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		Answer reused = this.api.charge(this.user, this.key, OTHER_BODY).send();

		assertThat(reused.status()).isEqualTo(409);
		assertThat(reused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(reused.problemType()).isEqualTo("idempotency-key-reused");
		assertThat(charges()).isEqualTo(1);
	}

	@Test
	void keysBelongToOneUser() {
		String otherUser = TestTokens.newUser();
		Answer mine = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		Answer theirs = this.api.charge(otherUser, this.key, ApiClient.CHARGE_BODY).send();

		assertThat(theirs.status()).isEqualTo(201);
		assertThat(theirs.header("Idempotent-Replayed")).isEqualTo("false");
		assertThat(theirs.json().path("id").asString()).isNotEqualTo(mine.json().path("id").asString());
		assertThat(this.api.get("/charges/" + mine.json().path("id").asString()).as(otherUser).send().status())
			.isEqualTo(404);
	}

	@Test
	void declineIsStoredAndReplayedWithTheSameFailedCharge() {
		String declined = "{\"amount\":100,\"currency\":\"usd\",\"source\":\"tok_chargeDeclined\"}";
		Answer first = this.api.charge(this.user, this.key, declined).send();

		Answer replay = this.api.charge(this.user, this.key, declined).send();

		assertThat(first.status()).isEqualTo(402);
		assertThat(replay.status()).isEqualTo(402);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.header("Content-Type")).startsWith("application/problem+json");
		assertThat(charges()).isEqualTo(1);
	}

	@Test
	void invalidBodyIsNotStoredSoTheCorrectedRequestRuns() {
		Answer invalid = this.api.charge(this.user, this.key, "{\"amount\":0,\"currency\":\"usd\",\"source\":\"tok_visa\"}")
			.send();

		Answer corrected = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		assertThat(invalid.status()).isEqualTo(400);
		assertThat(corrected.status()).isEqualTo(201);
		assertThat(corrected.header("Idempotent-Replayed")).isEqualTo("false");
	}

	@Test
	void unsupportedMediaTypeIsNotStored() {
		Answer wrongType = this.api.post("/charge")
			.as(this.user)
			.key(this.key)
			.header("Content-Type", "text/plain")
			.body(ApiClient.CHARGE_BODY.getBytes())
			.send();

		Answer corrected = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		assertThat(wrongType.status()).isEqualTo(415);
		assertThat(corrected.status()).isEqualTo(201);
	}

	@Test
	void oversizedBodyIsNotStored() {
		Answer tooLarge = this.api.charge(this.user, this.key, "{\"description\":\"" + "x".repeat(70_000) + "\"}").send();

		Answer corrected = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(corrected.status()).isEqualTo(201);
	}

	@Test
	void processorFailureBeforeChargingLeavesTheKeyFree() {
		Answer failed = this.api.charge(this.user, this.key,
				"{\"amount\":100,\"currency\":\"usd\",\"source\":\"tok_processingError\"}")
			.send();

		Answer corrected = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		assertThat(failed.status()).isEqualTo(503);
		assertThat(failed.problemType()).isEqualTo("processor-unavailable");
		assertThat(failed.header("Retry-After")).isNotNull();
		assertThat(corrected.status()).as("a definitive failure frees the key at once").isEqualTo(201);
		assertThat(charges()).isEqualTo(1);
	}

	@Test
	void lostProcessorAnswerIsA503AndTheRetryGetsTheSameProcessorCharge() {
		String body = "{\"amount\":700,\"currency\":\"usd\",\"source\":\"tok_lostResponse\"}";

		Answer lost = this.api.charge(this.user, this.key, body).send();
		assertThat(lost.status()).isEqualTo(503);
		assertThat(lost.problemType()).isEqualTo("processor-unavailable");
		assertThat(lost.header("Retry-After")).isNotNull();
		assertThat(charges()).isZero();
		assertThat(processorCharges()).isEqualTo(1);
		assertThat(state()).as("bound to its request until the outcome is known").isEqualTo("unknown");

		Answer other = this.api.charge(this.user, this.key, OTHER_BODY).send();
		assertThat(other.status()).as("another body may not use a key whose charge may exist").isEqualTo(409);
		assertThat(other.problemType()).isEqualTo("idempotency-key-reused");
		assertThat(processorCharges()).isEqualTo(1);

		Answer retry = this.api.charge(this.user, this.key, body).send();
		assertThat(retry.status()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("false");
		assertThat(charges()).isEqualTo(1);
		assertThat(processorCharges()).isEqualTo(1);
		String recorded = this.jdbc.sql("SELECT processor_charge_id FROM charges WHERE user_id = ?")
			.param(this.user)
			.query(String.class)
			.single();
		String charged = this.jdbc.sql("""
				SELECT l.processor_charge_id FROM processor_ledger l
				JOIN idempotency_keys k ON k.downstream_key = l.downstream_key WHERE k.user_id = ?""")
			.param(this.user)
			.query(String.class)
			.single();
		assertThat(recorded).isEqualTo(charged);
	}

	@Test
	void countsExecutionsReplaysAndConflicts() {
		double executed = count("executed");
		double replayed = count("replayed");
		double reused = count("reused");

		this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();
		this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();
		this.api.charge(this.user, this.key, OTHER_BODY).send();

		assertThat(count("executed")).isEqualTo(executed + 1);
		assertThat(count("replayed")).isEqualTo(replayed + 1);
		assertThat(count("reused")).isEqualTo(reused + 1);
	}

	private double count(String outcome) {
		var counter = this.meters.find("payments.idempotency.requests").tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private String state() {
		return this.jdbc.sql("SELECT state FROM idempotency_keys WHERE user_id = ?").param(this.user)
			.query(String.class).single();
	}

	private long charges() {
		return new Books(this.jdbc).charges(this.user);
	}

	/** Charges the processor made for this user's keys, whatever our own tables say. */
	private long processorCharges() {
		return new Books(this.jdbc).processorCharges(this.user);
	}

}
