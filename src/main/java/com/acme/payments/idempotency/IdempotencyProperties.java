package com.acme.payments.idempotency;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties("payments.idempotency")
public record IdempotencyProperties(@DurationMin(seconds = 1) @DurationMax(days = 30) @DefaultValue("24h") Duration ttl,
		@DurationMin(seconds = 1) @DurationMax(hours = 1) @DefaultValue("60s") Duration lockTimeout,
		@DurationMin(millis = 100) @DurationMax(days = 1) @DefaultValue("1m") Duration cleanupInterval,
		@Min(1) @Max(100_000) @DefaultValue("1000") int cleanupBatchSize, @Valid @DefaultValue Cache cache) {

	/**
	 * The caches of completed answers: Redis, and in front of it each process's own memory.
	 *
	 * @param enabled whether completed answers are cached at all (both tiers)
	 * @param keyPrefix prefix of every Redis cache key
	 * @param local the in-process tier
	 */
	public record Cache(@DefaultValue("true") boolean enabled,
			@NotBlank @DefaultValue("payments:idem:") String keyPrefix, @Valid @DefaultValue Local local) {
	}

	/**
	 * The in-process tier of the cache ({@link LocalReplayCache}).
	 *
	 * @param enabled whether replays may be served from this process's memory
	 * @param maxSize the most it holds, bodies and keys counted (env
	 * {@code PAYMENTS_IDEMPOTENCY_CACHE_LOCAL_MAXSIZE}; 16MB holds some 40,000 charge answers)
	 */
	public record Local(@DefaultValue("true") boolean enabled, @DefaultValue("16MB") DataSize maxSize) {

		public Local {
			if (maxSize.toBytes() < 1 || maxSize.toGigabytes() > 4) {
				throw new IllegalArgumentException("payments.idempotency.cache.local.max-size must be 1B to 4GB");
			}
		}

	}

}
