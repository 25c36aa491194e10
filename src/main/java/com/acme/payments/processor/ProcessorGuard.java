package com.acme.payments.processor;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the rest of the service calls instead of the adapter: a circuit breaker in front of its
 * charges. While the breaker is open a charge is not attempted at all: it is
 * {@link ProcessorUnavailable} at once (nothing was sent, so the key is freed), with the breaker's
 * wait as {@code Retry-After}. Declines and rejected requests are answers, so they count as
 * successes; a failure before charging and an unknown outcome count as failures. Look-ups, which
 * only recovery makes and which back off by themselves, go straight to the adapter; one that finds
 * more than one charge under a key is counted.
 */
public class ProcessorGuard {

	private final PaymentProcessor processor;

	private final CircuitBreaker breaker;

	private final ProcessorProperties.Breaker settings;

	private final Counter ambiguous;

	ProcessorGuard(PaymentProcessor processor, CircuitBreaker breaker, ProcessorProperties.Breaker settings,
			MeterRegistry meters) {
		this.processor = processor;
		this.breaker = breaker;
		this.settings = settings;
		this.ambiguous = Counter.builder("payments.processor.lookup.ambiguous")
			.description("Look-ups that found more than one processor charge under one downstream key")
			.register(meters);
	}

	/** @see PaymentProcessor#charge */
	public ProcessorResult charge(ProcessorRequest request) {
		try {
			return this.breaker.executeSupplier(() -> this.processor.charge(request));
		}
		catch (CallNotPermittedException open) {
			throw new ProcessorUnavailable("The payment processor keeps failing, so it is not being called for a "
					+ "while; nothing was charged. Retry after the Retry-After delay.", this.settings.waitInOpenState());
		}
	}

	/** @see PaymentProcessor#lookup */
	public Optional<ProcessorResult> lookup(String downstreamKey, Instant sentAt) {
		try {
			return this.processor.lookup(downstreamKey, sentAt);
		}
		catch (ProcessorLookupAmbiguous ex) {
			this.ambiguous.increment();
			throw ex;
		}
	}

	/** @see PaymentProcessor#list */
	public void list(Instant from, Instant to, Consumer<ProcessorCharge> each, Consumer<UnsettledCharge> unsettled) {
		this.processor.list(from, to, each, unsettled);
	}

	/** The breaker's state, for health and tests. */
	public CircuitBreaker.State state() {
		return this.breaker.getState();
	}

}
