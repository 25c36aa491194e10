package com.acme.payments.charge;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.acme.payments.processor.ProcessorOutcomeUnknown;
import com.acme.payments.processor.ProcessorResult;

import org.springframework.stereotype.Component;

/**
 * Money-level metrics: {@code payments.processor.calls{operation, outcome}} (a timer of every call to
 * the processor: approved, declined, found, not_found, unavailable, unknown) and
 * {@code payments.charges{status, decline_code}} (charges the processor decided, by status and
 * decline code).
 */
@Component
class ChargeMetrics {

	private final MeterRegistry registry;

	ChargeMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	ProcessorResult charge(Supplier<ProcessorResult> call) {
		long started = System.nanoTime();
		String outcome = "unavailable";
		try {
			ProcessorResult result = call.get();
			outcome = result.approved() ? "approved" : "declined";
			return result;
		}
		catch (ProcessorOutcomeUnknown ex) {
			outcome = "unknown";
			throw ex;
		}
		finally {
			timer("charge", outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	Optional<ProcessorResult> lookup(Supplier<Optional<ProcessorResult>> call) {
		long started = System.nanoTime();
		String outcome = "unavailable";
		try {
			Optional<ProcessorResult> result = call.get();
			outcome = result.isPresent() ? "found" : "not_found";
			return result;
		}
		finally {
			timer("lookup", outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	void decided(Charge charge) {
		Counter.builder("payments.charges")
			.description("Charges the processor decided, by status and decline code")
			.tag("status", charge.status().value())
			.tag("decline_code", (charge.failureCode() != null) ? charge.failureCode() : "none")
			.register(this.registry)
			.increment();
	}

	private Timer timer(String operation, String outcome) {
		return Timer.builder("payments.processor.calls")
			.description("Calls to the payment processor, by operation and outcome")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.register(this.registry);
	}

}
