package com.acme.payments.idempotency;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Completed answers in this process's memory, in front of Redis: an answer never changes until it
 * expires, so a replay may be served from here without a round trip, for at most the answer's
 * remaining lifetime. Bounded by the bytes it holds (bodies, keys and a fixed overhead per entry),
 * least valuable first out (Caffeine's W-TinyLFU). Metrics: Caffeine's {@code cache.gets{result}}
 * (the hit rate), {@code cache.evictions} and {@code cache.size} for
 * {@code cache="idempotency-replays"}, and {@code payments.idempotency.replay_cache.bytes} against
 * {@code payments.idempotency.replay_cache.max_bytes}.
 */
final class LocalReplayCache {

	static final String NAME = "idempotency-replays";

	/** What an entry costs beyond its strings and body: objects, headers, the fingerprint. */
	static final int ENTRY_OVERHEAD = 160;

	private final Cache<Key, Timed> entries;

	private final long maxBytes;

	LocalReplayCache(long maxBytes, Ticker ticker) {
		this.maxBytes = maxBytes;
		this.entries = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((Key key, Timed timed) -> weight(key, timed.entry()))
			.expireAfter(new Expiry<Key, Timed>() {

				@Override
				public long expireAfterCreate(Key key, Timed timed, long now) {
					return timed.lifetimeNanos();
				}

				@Override
				public long expireAfterUpdate(Key key, Timed timed, long now, long remaining) {
					return timed.lifetimeNanos();
				}

				@Override
				public long expireAfterRead(Key key, Timed timed, long now, long remaining) {
					return remaining;
				}

			})
			.ticker(ticker)
			.executor(Runnable::run)
			.recordStats()
			.build();
	}

	Optional<IdempotencyCache.Entry> find(String user, IdempotencyKey key) {
		return Optional.ofNullable(this.entries.getIfPresent(new Key(user, key.value()))).map(Timed::entry);
	}

	/** Keeps an answer for at most {@code remaining}, its lifetime left in Postgres. */
	void put(String user, IdempotencyKey key, IdempotencyCache.Entry entry, Duration remaining) {
		if (remaining.isNegative() || remaining.isZero() || weight(new Key(user, key.value()), entry) > this.maxBytes) {
			return;
		}
		this.entries.put(new Key(user, key.value()), new Timed(entry, remaining.toNanos()));
	}

	/** The bytes held now (after pending evictions). */
	long bytes() {
		this.entries.cleanUp();
		return this.entries.policy().eviction().map((eviction) -> eviction.weightedSize().orElse(0)).orElse(0L);
	}

	void bindTo(MeterRegistry registry) {
		CaffeineCacheMetrics.monitor(registry, this.entries, NAME);
		Gauge.builder("payments.idempotency.replay_cache.bytes", this, LocalReplayCache::bytes)
			.description("Bytes of completed answers held in this process for replays")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("payments.idempotency.replay_cache.max_bytes", this, (cache) -> cache.maxBytes)
			.description("The most bytes of completed answers this process holds for replays")
			.baseUnit("bytes")
			.register(registry);
	}

	private static int weight(Key key, IdempotencyCache.Entry entry) {
		StoredResponse response = entry.response();
		long chars = key.user().length() + key.key().length()
				+ ((response.location() != null) ? response.location().length() : 0)
				+ ((response.contentType() != null) ? response.contentType().length() : 0);
		return (int) Math.min(Integer.MAX_VALUE, ENTRY_OVERHEAD + 2 * chars + response.body().length);
	}

	private record Key(String user, String key) {
	}

	private record Timed(IdempotencyCache.Entry entry, long lifetimeNanos) {
	}

}
