package com.acme.payments.processor.simulator;

import java.time.Instant;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.acme.payments.processor.PaymentProcessor;
import com.acme.payments.processor.ProcessorOutcomeUnknown;
import com.acme.payments.processor.ProcessorProperties;
import com.acme.payments.processor.ProcessorRequest;
import com.acme.payments.processor.ProcessorResult;
import com.acme.payments.processor.ProcessorUnavailable;
import com.acme.payments.support.PaymentsTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@PaymentsTest(properties = { "payments.processor.latency=300ms", "payments.processor.timeout=2s" })
class ProcessorLatencyTests {

	@Autowired
	PaymentProcessor processor;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcConnectionDetails database;

	@Test
	void everyCallTakesAtLeastTheConfiguredLatency() {
		long started = System.nanoTime();

		this.processor.charge(new ProcessorRequest("dk_" + UUID.randomUUID(), "user-test", 100, "usd", "tok_visa", Instant.now()));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void aChargeSlowerThanTheTimeoutHasAnUnknownOutcomeAndALookupIsUnavailable() {
		var slow = new SimulatedProcessor(this.database,
				new ProcessorProperties(ProcessorProperties.Kind.SIMULATOR, Duration.ofSeconds(5), Duration.ofMillis(200),
						new ProcessorProperties.Breaker(50, 20, 10, Duration.ofSeconds(30), 3)));
		String key = "dk_" + UUID.randomUUID();
		try {
			long started = System.nanoTime();
			assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
				.isThrownBy(() -> slow.charge(new ProcessorRequest(key, "user-test", 100, "usd", "tok_visa", Instant.now())));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			assertThatExceptionOfType(ProcessorUnavailable.class).isThrownBy(() -> slow.lookup(key, Instant.now()));
		}
		finally {
			slow.destroy();
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM processor_ledger WHERE downstream_key = ?")
			.param(key)
			.query(Long.class)
			.single()).as("the charge was made, only its answer was late").isEqualTo(1);
		assertThat(this.processor.lookup(key, Instant.now())).isPresent();
	}

	@Test
	void hangingCallChargesThenIsCutAtTheDeadlineAndTheSameKeyFindsTheCharge() {
		var hanging = new SimulatedProcessor(this.database,
				new ProcessorProperties(ProcessorProperties.Kind.SIMULATOR, Duration.ZERO, Duration.ofMillis(300),
						new ProcessorProperties.Breaker(50, 20, 10, Duration.ofSeconds(30), 3)));
		String key = "dk_" + UUID.randomUUID();
		try {
			long started = System.nanoTime();
			assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
				.isThrownBy(() -> hanging.charge(new ProcessorRequest(key, "user-test", 100, "usd", "tok_hang", Instant.now())));
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			ProcessorResult again = hanging.charge(new ProcessorRequest(key, "user-test", 100, "usd", "tok_hang", Instant.now()));

			assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(2));
			assertThat(again.approved()).isTrue();
			assertThat(hanging.lookup(key, Instant.now())).contains(again);
		}
		finally {
			hanging.destroy();
		}
	}

}
