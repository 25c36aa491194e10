package com.acme.payments.processor;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the payment processor, whichever adapter it is.
 *
 * @param kind which adapter charges: {@code simulator} or {@code stripe} (env
 * {@code PAYMENTS_PROCESSOR_KIND}). No default: the {@code local} profile sets {@code simulator};
 * anywhere else the service refuses to start until it is set, so that a fake never runs unnoticed
 * @param latency delay the simulator adds to every call (a charge: after charging) (env
 * {@code PAYMENTS_PROCESSOR_LATENCY})
 * @param timeout the deadline of one processor call, end to end: every try, the SDK's retries and
 * their backoff included. A charge cut off by it may have been made, so its outcome is unknown until
 * a retry or recovery asks. Must be below {@code payments.idempotency.lock-timeout} (env
 * {@code PAYMENTS_PROCESSOR_TIMEOUT})
 * @param breaker the circuit breaker in front of the processor
 */
@Validated
@ConfigurationProperties("payments.processor")
public record ProcessorProperties(Kind kind, @DurationMin(millis = 0) @DefaultValue("0s") Duration latency,
		@DurationMin(millis = 1) @DefaultValue("10s") Duration timeout, @Valid @DefaultValue Breaker breaker) {

	/** The adapters. */
	public enum Kind {

		/** The built-in simulator: charges nobody; for development and tests. */
		SIMULATOR,

		/** Stripe's PaymentIntents API. */
		STRIPE

	}

	/**
	 * When the processor is deemed to be failing (Resilience4j's count-based window): while the breaker
	 * is open, charges are not attempted and are answered {@code 503 processor-unavailable} at once.
	 *
	 * @param failureRateThreshold the percentage of failed calls that opens it (env
	 * {@code PAYMENTS_PROCESSOR_BREAKER_FAILURERATETHRESHOLD})
	 * @param slidingWindowSize how many of the last calls count
	 * @param minimumNumberOfCalls calls needed before the rate is computed at all
	 * @param waitInOpenState how long it stays open before letting probes through
	 * @param permittedCallsInHalfOpenState the probes; if enough succeed it closes again
	 */
	public record Breaker(@DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
			@Min(1) @DefaultValue("20") int slidingWindowSize, @Min(1) @DefaultValue("10") int minimumNumberOfCalls,
			@DurationMin(millis = 1) @DefaultValue("30s") Duration waitInOpenState,
			@Min(1) @DefaultValue("3") int permittedCallsInHalfOpenState) {
	}

}
