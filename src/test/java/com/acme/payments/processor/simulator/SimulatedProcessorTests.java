package com.acme.payments.processor.simulator;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.acme.payments.processor.PaymentProcessor;
import com.acme.payments.processor.ProcessorOutcomeUnknown;
import com.acme.payments.processor.ProcessorRequest;
import com.acme.payments.processor.ProcessorResult;
import com.acme.payments.processor.ProcessorUnavailable;
import com.acme.payments.support.PaymentsTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@PaymentsTest
class SimulatedProcessorTests {

	@Autowired
	PaymentProcessor processor;

	@Autowired
	JdbcClient jdbc;

	@ParameterizedTest
	@CsvSource({ "tok_visa,", "tok_mastercard,", "tok_amex,", "tok_chargeDeclined,generic_decline",
			"tok_insufficientFunds,insufficient_funds", "tok_unknown,invalid_source" })
	void answersEachTokenWithItsOutcome(String source, String declineCode) {
		ProcessorResult result = this.processor.charge(request(newKey(), source));

		assertThat(result.declineCode()).isEqualTo(declineCode);
		assertThat(result.approved()).isEqualTo(declineCode == null);
		assertThat(result.processorChargeId()).startsWith("py_");
	}

	@Test
	void sameDownstreamKeyReturnsTheFirstOutcomeAndChargesNothingNew() {
		String key = newKey();

		ProcessorResult first = this.processor.charge(request(key, "tok_visa"));
		ProcessorResult second = this.processor.charge(request(key, "tok_visa"));

		assertThat(second).isEqualTo(first);
		assertThat(ledgerRows(key)).isEqualTo(1);
	}

	@Test
	void processingErrorFailsBeforeCharging() {
		String key = newKey();

		assertThatExceptionOfType(ProcessorUnavailable.class)
			.isThrownBy(() -> this.processor.charge(request(key, "tok_processingError")));
		assertThat(ledgerRows(key)).isZero();
	}

	@Test
	void lostResponseChargesOnceThenAnswersTheSameChargeOnRetry() {
		String key = newKey();

		assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
			.isThrownBy(() -> this.processor.charge(request(key, "tok_lostResponse")));
		assertThat(ledgerRows(key)).isEqualTo(1);

		ProcessorResult retry = this.processor.charge(request(key, "tok_lostResponse"));
		assertThat(retry.approved()).isTrue();
		assertThat(retry.processorChargeId()).isEqualTo(ledgerChargeId(key));
		assertThat(ledgerRows(key)).isEqualTo(1);
	}

	@Test
	void lookupFindsWhatWasChargedUnderAKeyAndNothingUnderAnother() {
		String declined = newKey();
		String lost = newKey();
		ProcessorResult decline = this.processor.charge(request(declined, "tok_chargeDeclined"));
		assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
			.isThrownBy(() -> this.processor.charge(request(lost, "tok_lostResponse")));

		assertThat(this.processor.lookup(declined, Instant.now())).contains(decline);
		assertThat(this.processor.lookup(lost, Instant.now())).hasValueSatisfying((result) -> {
			assertThat(result.approved()).isTrue();
			assertThat(result.processorChargeId()).isEqualTo(ledgerChargeId(lost));
		});
		assertThat(this.processor.lookup(newKey(), Instant.now())).isEmpty();
		assertThat(ledgerRows(lost)).as("a lookup charges nothing").isEqualTo(1);
	}

	private long ledgerRows(String key) {
		return this.jdbc.sql("SELECT count(*) FROM processor_ledger WHERE downstream_key = ?")
			.param(key)
			.query(Long.class)
			.single();
	}

	private String ledgerChargeId(String key) {
		return this.jdbc.sql("SELECT processor_charge_id FROM processor_ledger WHERE downstream_key = ?")
			.param(key)
			.query(String.class)
			.single();
	}

	private static ProcessorRequest request(String key, String source) {
		return new ProcessorRequest(key, "user-test", 1000, "usd", source, Instant.now());
	}

	private static String newKey() {
		return "dk_test_" + UUID.randomUUID();
	}

}
