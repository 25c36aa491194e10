package com.acme.payments.security;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * The failed-authentication budget of each client address (Bucket4j, in this instance's memory: an
 * attacker costs no Redis). Only failures spend it and only failures are refused once it is spent,
 * on every path: a valid token is never refused because others behind the same address (a carrier
 * NAT, an office) failed.
 */
class FailedAuthentications {

	/** Addresses remembered at once; the least recently failing are forgotten first. */
	static final int MAX_ADDRESSES = 100_000;

	private final JwtProperties.Failures budget;

	private final Cache<String, Bucket> failures;

	FailedAuthentications(JwtProperties.Failures budget) {
		this.budget = budget;
		this.failures = Caffeine.newBuilder()
			.maximumSize(MAX_ADDRESSES)
			.expireAfterAccess(budget.period().multipliedBy(2))
			.build();
	}

	/**
	 * Spends one failure of {@code address}'s budget: {@code null} while it had one left, else how
	 * long until it has one again (the failure is then refused with 429 rather than answered 401).
	 */
	Duration fail(String address) {
		ConsumptionProbe probe = this.failures.get(address, (key) -> newBucket()).tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? null : Duration.ofNanos(probe.getNanosToWaitForRefill());
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.budget.capacity())
				.refillGreedy(this.budget.capacity(), this.budget.period())
				.build())
			.build();
	}

}
