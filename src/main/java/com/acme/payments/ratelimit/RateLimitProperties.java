package com.acme.payments.ratelimit;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;


import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("payments.rate-limit")
public record RateLimitProperties(@Min(1) @Max(1_000_000) @DefaultValue("100") long capacity,
		@DurationMin(millis = 100) @DurationMax(days = 1) @DefaultValue("1m") Duration period,
		@DefaultValue("true") boolean failOpen,
		@DurationMin(millis = 1) @DurationMax(seconds = 5) @DefaultValue("250ms") Duration timeout,
		@NotBlank @DefaultValue("payments:rl:") String keyPrefix,
		@DurationMin(millis = 100) @DefaultValue("10s") Duration clockSync, @DefaultValue("true") boolean batching,
		@Min(1) @Max(10_000) @DefaultValue("20") int concurrency) {

	/** The window of the policy header, in whole seconds (at least one). */
	long windowSeconds() {
		return Math.max(1, (this.period.toMillis() + 999) / 1000);
	}

}
