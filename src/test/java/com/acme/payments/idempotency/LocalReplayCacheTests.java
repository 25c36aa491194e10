package com.acme.payments.idempotency;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivateRedis;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTokens;
import com.acme.payments.support.TestTools.Tool;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays served from this process's memory: without a Redis round trip, never past the answer's
 * lifetime, within a bound of bytes, with the hit rate and the bytes held as metrics. The service
 * part runs against a private Redis, which it flushes.
 */
@RequiresTools(Tool.REDIS_SERVER)
@PaymentsTest
class LocalReplayCacheTests {

	static final PrivateRedis redis = PrivateRedis.start();

	@DynamicPropertySource
	static void privateRedis(DynamicPropertyRegistry registry) {
		redis.register(registry);
	}

	@AfterAll
	static void stopRedis() throws InterruptedException {
		redis.stop();
	}

	@Autowired
	ApiClient api;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RedisConnectionFactory redisConnections;

	@Autowired
	IdempotencyProperties properties;

	@Autowired
	IdempotencyMetrics metrics;

	@Autowired
	io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers;

	final AtomicLong nanos = new AtomicLong();

	@Test
	void aReplayIsServedFromMemoryWithoutAskingRedis() {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		Answer first = this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
		try (var connection = this.redisConnections.getConnection()) {
			connection.serverCommands().flushAll();
		}
		double redisLookups = count("payments.idempotency.cache", "result", "hit")
				+ count("payments.idempotency.cache", "result", "miss");
		double memoryHits = count("payments.idempotency.cache", "result", "local_hit");
		double caffeineHits = count("cache.gets", "result", "hit");

		Answer replay = this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
		Answer reused = this.api.charge(user, key, ApiClient.CHARGE_BODY.replace("1999", "2000")).send();

		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(reused.status()).as("another body is still refused from memory").isEqualTo(409);
		assertThat(count("payments.idempotency.cache", "result", "local_hit")).isEqualTo(memoryHits + 2);
		assertThat(count("payments.idempotency.cache", "result", "hit")
				+ count("payments.idempotency.cache", "result", "miss")).as("Redis was not asked").isEqualTo(redisLookups);
		assertThat(count("cache.gets", "result", "hit")).as("the hit rate's numerator").isEqualTo(caffeineHits + 2);
		double bytes = this.meters.get("payments.idempotency.replay_cache.bytes").gauge().value();
		assertThat(bytes).isPositive()
			.isLessThanOrEqualTo(this.meters.get("payments.idempotency.replay_cache.max_bytes").gauge().value());
	}

	@Test
	void anAnswerIsKeptNoLongerThanItsRemainingLifetime() {
		LocalReplayCache cache = new LocalReplayCache(1 << 20, this.nanos::get);
		IdempotencyKey key = new IdempotencyKey("k");

		cache.put("u", key, entry(100), Duration.ofSeconds(10));
		this.nanos.addAndGet(Duration.ofSeconds(9).toNanos());
		assertThat(cache.find("u", key)).isPresent();
		this.nanos.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(cache.find("u", key)).isEmpty();

		cache.put("u", key, entry(100), Duration.ZERO);
		assertThat(cache.find("u", key)).as("an answer with no lifetime left is not kept").isEmpty();
	}

	@Test
	void holdsNoMoreBytesThanItsBound() {
		LocalReplayCache cache = new LocalReplayCache(8_192, this.nanos::get);

		for (int i = 0; i < 100; i++) {
			cache.put("user-" + i, new IdempotencyKey("key-" + i), entry(500), Duration.ofHours(1));
		}
		cache.put("big", new IdempotencyKey("big"), entry(10_000), Duration.ofHours(1));

		assertThat(cache.bytes()).isPositive().isLessThanOrEqualTo(8_192);
		long kept = java.util.stream.IntStream.range(0, 100)
			.filter((i) -> cache.find("user-" + i, new IdempotencyKey("key-" + i)).isPresent())
			.count();
		assertThat(kept).isBetween(1L, 8_192L / 500);
		assertThat(cache.find("big", new IdempotencyKey("big"))).as("an answer over the bound is not kept").isEmpty();
	}

	/**
	 * Another instance (its memory empty) finds the answer in Redis and keeps it in memory no longer
	 * than Redis keeps it: Redis's own TTL, not a lifetime computed from an instance's clock.
	 */
	@Test
	void aRedisHitIsKeptInMemoryNoLongerThanRedisKeepsIt() {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		assertThat(this.api.charge(user, key, ApiClient.CHARGE_BODY).send().status()).isEqualTo(201);
		IdempotencyCache otherInstance = new IdempotencyCache(this.redisConnections, this.properties, this.metrics,
				this.breakers, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
		try (var connection = this.redisConnections.getConnection()) {
			for (byte[] redisKey : connection.keyCommands().keys("*".getBytes())) {
				connection.keyCommands().pExpire(redisKey, 400);
			}
		}

		assertThat(otherInstance.find(user, new IdempotencyKey(key))).as("from Redis").isPresent();
		try (var connection = this.redisConnections.getConnection()) {
			connection.serverCommands().flushAll();
		}
		assertThat(otherInstance.find(user, new IdempotencyKey(key))).as("from its memory").isPresent();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> otherInstance.find(user, new IdempotencyKey(key)).isEmpty());
	}

	private static IdempotencyCache.Entry entry(int bodyBytes) {
		return new IdempotencyCache.Entry(new byte[32],
				new StoredResponse(201, "/charges/ch_x", "application/json", new byte[bodyBytes]));
	}

	private double count(String name, String tag, String value) {
		var meter = this.meters.find(name).tag(tag, value);
		if ("cache.gets".equals(name)) {
			meter = meter.tag("cache", LocalReplayCache.NAME);
		}
		var counter = meter.functionCounter();
		if (counter != null) {
			return counter.count();
		}
		var plain = meter.counter();
		return (plain != null) ? plain.count() : 0;
	}

}
