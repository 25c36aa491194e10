package com.acme.payments.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the idempotency layer.
 *
 * @param ttl how long a key and its stored answer live; after it the key is free again (env
 * {@code PAYMENTS_IDEMPOTENCY_TTL}, 1s to 30 days)
 * @param lockTimeout the lease of an in-flight request: after it a retry takes the key over, as the
 * first request is presumed dead (env {@code PAYMENTS_IDEMPOTENCY_LOCKTIMEOUT}, 1s to 1h; keep it
 * above the processor timeout)
 * @param cleanupInterval pause between two runs of the expired-key cleanup
 * @param cleanupBatchSize rows deleted per statement by the cleanup
 * @param cache the Redis cache of completed answers
 */
@ConfigurationProperties("payments.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration ttl, @DefaultValue("60s") Duration lockTimeout,
		@DefaultValue("1m") Duration cleanupInterval, @DefaultValue("1000") int cleanupBatchSize,
		@DefaultValue Cache cache) {

	static final Duration MIN = Duration.ofSeconds(1);

	public IdempotencyProperties {
		requireBetween("payments.idempotency.ttl", ttl, MIN, Duration.ofDays(30));
		requireBetween("payments.idempotency.lock-timeout", lockTimeout, MIN, Duration.ofHours(1));
		requireBetween("payments.idempotency.cleanup-interval", cleanupInterval, Duration.ofMillis(100),
				Duration.ofDays(1));
		if (cleanupBatchSize < 1 || cleanupBatchSize > 100_000) {
			throw new IllegalArgumentException("payments.idempotency.cleanup-batch-size must be 1..100000");
		}
	}

	/**
	 * The Redis cache of completed answers.
	 *
	 * @param enabled whether completed answers are cached in Redis at all
	 * @param keyPrefix prefix of every cache key
	 */
	public record Cache(@DefaultValue("true") boolean enabled, @DefaultValue("payments:idem:") String keyPrefix) {
	}

	private static void requireBetween(String name, Duration value, Duration min, Duration max) {
		if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
		}
	}

}
