package com.acme.payments.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.PaymentsTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClockTests {

	@Test
	void followsRedisTimeNotTheLocalWallClock() {
		long redisMicros = 1_000_000_000_000L; // 2001-09-09: far from this machine's clock
		RedisClock clock = new RedisClock(() -> redisMicros, Duration.ofSeconds(10));

		long now = clock.currentTimeNanos();

		assertThat(now).isBetween(redisMicros * 1000, redisMicros * 1000 + Duration.ofSeconds(1).toNanos());
	}

	@Test
	void advancesMonotonicallyBetweenSyncsAndSyncsRarely() throws InterruptedException {
		AtomicInteger calls = new AtomicInteger();
		RedisClock clock = new RedisClock(() -> {
			calls.incrementAndGet();
			return 5_000_000L;
		}, Duration.ofHours(1));

		long first = clock.currentTimeNanos();
		Thread.sleep(20);
		long second = clock.currentTimeNanos();

		assertThat(second - first).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
		assertThat(calls).hasValue(1);
	}

	@Test
	void resyncsAfterTheInterval() {
		AtomicInteger calls = new AtomicInteger();
		RedisClock clock = new RedisClock(() -> 1_000L * calls.incrementAndGet(), Duration.ZERO);

		clock.currentTimeNanos();
		clock.currentTimeNanos();

		assertThat(calls.get()).isGreaterThanOrEqualTo(2);
	}

	/** Two instances' clocks, each anchored on the real Redis, agree to within a few milliseconds. */
	@PaymentsTest
	static class AgainstRedis {

		@Autowired
		LettuceConnectionFactory redis;

		@Test
		void twoInstancesAgreeOnTheTime() {
			RedisClock one = new RedisClock(this::redisMicros, Duration.ofSeconds(10));
			RedisClock two = new RedisClock(this::redisMicros, Duration.ofSeconds(10));
			one.currentTimeNanos();
			two.currentTimeNanos();

			long a = one.currentTimeNanos();
			long b = two.currentTimeNanos();
			long redis = redisMicros() * 1000;

			assertThat(Math.abs(a - b)).isLessThan(Duration.ofMillis(5).toNanos());
			assertThat(Math.abs(redis - b)).isLessThan(Duration.ofMillis(5).toNanos());
		}

		private long redisMicros() {
			try (var connection = this.redis.getConnection()) {
				return connection.serverCommands().time(java.util.concurrent.TimeUnit.MICROSECONDS);
			}
		}

	}

}
