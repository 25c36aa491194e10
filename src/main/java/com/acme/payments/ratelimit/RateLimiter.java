package com.acme.payments.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One Bucket4j token bucket per user in Redis, refilled greedily. Concurrent requests of one user in
 * this JVM are batched into one compare-and-swap, so a hot user does not cause a retry storm.
 */
class RateLimiter implements SmartLifecycle {

	static final int MAX_PROXIES = 10_000;

	private final LettuceConnectionFactory redis;

	private final RateLimitProperties properties;

	private final BucketConfiguration configuration;

	private final Timer latency;

	/** Replaced, not cleared, on stop: a proxy still being built then lands in the old one. */
	private volatile Cache<String, BucketProxy> proxies = newProxies();

	private volatile ProxyManager<byte[]> buckets;

	RateLimiter(LettuceConnectionFactory redis, RateLimitProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.properties = properties;
		this.configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(properties.capacity())
				.refillGreedy(properties.capacity(), properties.period()))
			.build();
		this.latency = Timer.builder("payments.ratelimit.redis")
			.description("Time to take a token from Redis")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * Takes one token from the user's bucket.
	 * @throws RuntimeException when Redis fails or does not answer within the configured timeout
	 */
	Decision tryConsume(String user) {
		if (!this.running) {
			// stopping or stopped: fail open (or closed) rather than reconnect on a client going away
			throw new IllegalStateException("The rate limiter is stopped");
		}
		long started = System.nanoTime();
		try {
			ConsumptionProbe probe = bucket(user).tryConsumeAndReturnRemaining(1);
			return new Decision(probe.isConsumed(), probe.getRemainingTokens(),
					Duration.ofNanos(probe.getNanosToWaitForRefill()), Duration.ofNanos(probe.getNanosToWaitForReset()));
		}
		finally {
			this.latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * The user's bucket proxy. Proxies are kept, because batching works per proxy, in a bounded cache:
	 * past {@link #MAX_PROXIES} users the least recently seen lose theirs, which only costs a new
	 * proxy object when they come back (the bucket itself lives in Redis).
	 */
	private BucketProxy bucket(String user) {
		return this.proxies.get(user, (id) -> {
			var builder = buckets().builder();
			if (this.properties.batching()) {
				builder = builder.withOptimization(Optimizations.batching());
			}
			return builder.build((this.properties.keyPrefix() + id).getBytes(StandardCharsets.UTF_8),
					() -> this.configuration);
		});
	}

	private volatile boolean running = true;

	/** Nothing to do: the next request connects, through the connection factory's client of then. */
	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Forgets the buckets' connection: stopping the context stops the connection factory, whose
	 * client (and with it this connection) is shut down and replaced by a new one when the context
	 * starts again. Kept, the old connection would answer "Connection is closed" forever, and the
	 * limiter would fail open for good.
	 */
	@Override
	public void stop() {
		this.running = false;
		synchronized (this) {
			this.buckets = null;
			this.proxies = newProxies();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the web server (its graceful shutdown lets requests in flight finish with the
	 * limiter still connected) and before the Redis connection factory.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private static Cache<String, BucketProxy> newProxies() {
		return Caffeine.newBuilder().maximumSize(MAX_PROXIES).build();
	}

	/** Connects on first use, so that the service starts (and fails open) while Redis is down. */
	private ProxyManager<byte[]> buckets() {
		ProxyManager<byte[]> current = this.buckets;
		if (current == null) {
			synchronized (this) {
				current = this.buckets;
				if (current == null) {
					current = connect();
					this.buckets = current;
				}
			}
		}
		return current;
	}

	private ProxyManager<byte[]> connect() {
		AbstractRedisClient client = this.redis.getRequiredNativeClient();
		RedisClock clock = new RedisClock(this::redisMicros, this.properties.clockSync());
		var expiry = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10));
		if (client instanceof RedisClusterClient cluster) {
			return Bucket4jLettuce.casBasedBuilder(cluster)
				.clientClock(clock)
				.requestTimeout(this.properties.timeout())
				.expirationAfterWrite(expiry)
				.build();
		}
		return Bucket4jLettuce.casBasedBuilder((RedisClient) client)
			.clientClock(clock)
			.requestTimeout(this.properties.timeout())
			.expirationAfterWrite(expiry)
			.build();
	}

	private long redisMicros() {
		try (RedisConnection connection = this.redis.getConnection()) {
			Long micros = connection.serverCommands().time(TimeUnit.MICROSECONDS);
			if (micros == null) {
				throw new IllegalStateException("Redis TIME answered nothing");
			}
			return micros;
		}
	}

	/**
	 * The answer for one request.
	 * @param untilNextToken how long until a token is available again (zero when allowed)
	 * @param untilFull how long until the bucket is full again
	 */
	record Decision(boolean allowed, long remaining, Duration untilNextToken, Duration untilFull) {
	}

}
