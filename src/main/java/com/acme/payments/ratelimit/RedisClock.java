package com.acme.payments.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.github.bucket4j.TimeMeter;

/**
 * Redis's clock, as every instance sees it: Redis {@code TIME} read now and then, advanced in between
 * by this JVM's monotonic {@link System#nanoTime()}. Buckets are written by many instances; with one
 * clock, an instance whose wall clock runs ahead cannot refill tokens early. The remaining error is
 * half a round trip to Redis plus the drift of {@code nanoTime} between two syncs.
 */
final class RedisClock implements TimeMeter {

	private static final int MAX_SAMPLES = 5;

	private static final long GOOD_ROUND_TRIP_NANOS = 2_000_000;

	private final LongSupplier redisMicros;

	private final long resyncNanos;

	private volatile Anchor anchor;

	/**
	 * @param redisMicros runs Redis {@code TIME}, in microseconds since the epoch
	 * @param resync how often to read Redis {@code TIME} again
	 */
	RedisClock(LongSupplier redisMicros, Duration resync) {
		this.redisMicros = redisMicros;
		this.resyncNanos = resync.toNanos();
	}

	@Override
	public long currentTimeNanos() {
		Anchor current = this.anchor;
		if (current == null || System.nanoTime() - current.localNanos() > this.resyncNanos) {
			current = sync();
		}
		return current.redisNanos() + (System.nanoTime() - current.localNanos());
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

	private synchronized Anchor sync() {
		Anchor current = this.anchor;
		if (current != null && System.nanoTime() - current.localNanos() <= this.resyncNanos) {
			return current;
		}
		// Redis read its clock somewhere in the round trip: take the middle, of the fastest of a few
		// tries (the first may include connecting).
		Anchor best = null;
		long bestRoundTrip = Long.MAX_VALUE;
		for (int attempt = 0; attempt < MAX_SAMPLES && bestRoundTrip > GOOD_ROUND_TRIP_NANOS; attempt++) {
			long before = System.nanoTime();
			long micros = this.redisMicros.getAsLong();
			long after = System.nanoTime();
			if (after - before < bestRoundTrip) {
				bestRoundTrip = after - before;
				best = new Anchor(micros * 1_000L, before + (after - before) / 2);
			}
		}
		this.anchor = best;
		return best;
	}

	private record Anchor(long redisNanos, long localNanos) {
	}

}
