package com.acme.payments.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-user token bucket.
 *
 * @param capacity requests a user may burst, and the number refilled per period (env
 * {@code PAYMENTS_RATELIMIT_CAPACITY})
 * @param period how long a full refill takes; tokens come back greedily, one every
 * {@code period / capacity} (env {@code PAYMENTS_RATELIMIT_PERIOD})
 * @param failOpen when Redis is slow or down: {@code true} lets requests through (counted), {@code false}
 * answers 503 (env {@code PAYMENTS_RATELIMIT_FAILOPEN})
 * @param timeout the longest a request waits for Redis before the failure policy applies
 * @param keyPrefix prefix of every bucket key in Redis
 * @param clockSync how often the instance re-reads Redis {@code TIME}, the one clock all buckets use
 * @param batching combine the concurrent requests of one user in this JVM into one compare-and-swap
 * (exact; off only to measure the difference)
 * @param concurrency requests of one user in flight at once on an instance; one more is answered
 * 429 {@code too-many-concurrent-requests} before its body is read (env
 * {@code PAYMENTS_RATELIMIT_CONCURRENCY})
 */
@ConfigurationProperties("payments.rate-limit")
public record RateLimitProperties(@DefaultValue("100") long capacity, @DefaultValue("1m") Duration period,
		@DefaultValue("true") boolean failOpen, @DefaultValue("250ms") Duration timeout,
		@DefaultValue("payments:rl:") String keyPrefix, @DefaultValue("10s") Duration clockSync,
		@DefaultValue("true") boolean batching, @DefaultValue("20") int concurrency) {

	public RateLimitProperties {
		if (capacity < 1 || capacity > 1_000_000) {
			throw new IllegalArgumentException("payments.rate-limit.capacity must be 1..1000000, was " + capacity);
		}
		if (period.compareTo(Duration.ofMillis(100)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("payments.rate-limit.period must be 100ms..1d, was " + period);
		}
		if (concurrency < 1 || concurrency > 10_000) {
			throw new IllegalArgumentException("payments.rate-limit.concurrency must be 1..10000, was " + concurrency);
		}
		if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(5)) > 0) {
			throw new IllegalArgumentException("payments.rate-limit.timeout must be in (0, 5s], was " + timeout);
		}
	}

	/** The window of the policy header, in whole seconds (at least one). */
	long windowSeconds() {
		return Math.max(1, (this.period.toMillis() + 999) / 1000);
	}

}
