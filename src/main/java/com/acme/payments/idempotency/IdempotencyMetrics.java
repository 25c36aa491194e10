package com.acme.payments.idempotency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code payments.idempotency.requests{outcome}}: executed, replayed, reused, in_use, takeover,
 * released; {@code payments.idempotency.cache{result}}: hit, local_hit, miss, skipped, error.
 * Each counter is registered once and kept: the tags are a closed set, and the idempotent path
 * counts on every request.
 */
@Component
class IdempotencyMetrics {

	private final MeterRegistry registry;

	private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

	private final Map<String, Counter> cacheResults = new ConcurrentHashMap<>();

	IdempotencyMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void outcome(String outcome) {
		this.outcomes.computeIfAbsent(outcome, (tag) -> Counter.builder("payments.idempotency.requests")
			.description("Idempotent requests by outcome")
			.tag("outcome", tag)
			.register(this.registry)).increment();
	}

	void cache(String result) {
		this.cacheResults.computeIfAbsent(result, (tag) -> Counter.builder("payments.idempotency.cache")
			.description("Idempotency cache lookups by result")
			.tag("result", tag)
			.register(this.registry)).increment();
	}

}
