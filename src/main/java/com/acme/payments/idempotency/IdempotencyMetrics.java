package com.acme.payments.idempotency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code payments.idempotency.requests{outcome}}: executed, replayed, reused, in_use, takeover,
 * released; {@code payments.idempotency.cache{result}}: hit, miss, error.
 */
@Component
class IdempotencyMetrics {

	private final MeterRegistry registry;

	IdempotencyMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void outcome(String outcome) {
		Counter.builder("payments.idempotency.requests")
			.description("Idempotent requests by outcome")
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	void cache(String result) {
		Counter.builder("payments.idempotency.cache")
			.description("Idempotency cache lookups by result")
			.tag("result", result)
			.register(this.registry)
			.increment();
	}

}
