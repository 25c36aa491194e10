package com.acme.payments.idempotency;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statement that records the charge and completes the key fails at its commit, after the
 * processor charged: a deferred constraint trigger rejects it then. Neither the charge nor the answer
 * may survive, the key may not be freed (the charge exists at the processor), Redis must not have
 * heard of the answer, another body is refused, and the retry records the one charge, through the
 * same downstream key.
 */
@PaymentsTest
class CommitFailureTests {

	static final String POISON = "fail-at-commit";

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	void failRecordsOfPoisonedCharges(String when) {
		this.jdbc.sql("""
				CREATE OR REPLACE FUNCTION test_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN
				  IF NEW.description = 'fail-at-commit' THEN RAISE EXCEPTION 'commit refused by test'; END IF;
				  RETURN NULL;
				END $$""").update();
		this.jdbc.sql("DROP TRIGGER IF EXISTS test_fail_at_commit ON charges").update();
		this.jdbc.sql("""
				CREATE CONSTRAINT TRIGGER test_fail_at_commit AFTER INSERT ON charges
				%s FOR EACH ROW EXECUTE FUNCTION test_fail_at_commit()""".formatted(when)).update();
	}

	@AfterEach
	void removeTrigger() {
		this.jdbc.sql("DROP TRIGGER IF EXISTS test_fail_at_commit ON charges").update();
	}

	/** The insert itself fails, or the commit of the statement that made it. */
	@ParameterizedTest
	@ValueSource(strings = { "NOT DEFERRABLE", "DEFERRABLE INITIALLY DEFERRED" })
	void failedRecordAfterTheProcessorChargedKeepsTheKeyBoundAndTheRetryRecordsOnce(String when) {
		failRecordsOfPoisonedCharges(when);
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		String body = "{\"amount\":300,\"currency\":\"usd\",\"source\":\"tok_visa\",\"description\":\"" + POISON + "\"}";

		Answer failed = this.api.charge(user, key, body).send();

		assertThat(failed.status()).as("never a 500 once the processor has charged").isEqualTo(503);
		assertThat(failed.problemType()).isEqualTo("service-unavailable");
		assertThat(failed.header("Retry-After")).isNotNull();
		Books books = new Books(this.jdbc);
		assertThat(books.charges(user)).isZero();
		assertThat(books.processorCharges(user)).as("the processor did charge").isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT state FROM idempotency_keys WHERE user_id = ?").param(user)
			.query(String.class).single()).as("the outcome is unknown, the key stays bound").isEqualTo("unknown");
		Answer other = this.api.charge(user, key, body.replace("300", "301")).send();
		assertThat(other.status()).isEqualTo(409);
		assertThat(other.problemType()).isEqualTo("idempotency-key-reused");

		removeTrigger();
		Answer retry = this.api.charge(user, key, body).send();

		assertThat(retry.status()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).as("not replayed from a cache that saw no commit")
			.isEqualTo("false");
		assertThat(books.charges(user)).isEqualTo(1);
		assertThat(books.processorCharges(user)).isEqualTo(1);
	}

}
