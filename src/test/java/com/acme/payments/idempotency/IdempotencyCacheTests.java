package com.acme.payments.idempotency;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTools.Tool;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivateRedis;
import com.acme.payments.support.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis only makes replays faster: down, flushed or back, the answers are the same (the in-process
 * tier in front of it is off here: LocalReplayCacheTests). Runs against a
 * private redis-server that the test stops and starts.
 */
@RequiresTools(Tool.REDIS_SERVER)
@PaymentsTest(properties = "payments.idempotency.cache.local.enabled=false")
class IdempotencyCacheTests {

	static final PrivateRedis redis = PrivateRedis.start();

	@DynamicPropertySource
	static void privateRedis(DynamicPropertyRegistry registry) {
		redis.register(registry);
	}

	@Autowired
	ApiClient api;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RedisConnectionFactory redisConnections;

	final String user = TestTokens.newUser();

	final String key = ApiClient.newKey();

	@BeforeEach
	void redisIsUp() throws Exception {
		if (com.acme.payments.support.TestServices.probeRedis("127.0.0.1", redis.port()) != null) {
			redis.restart();
		}
	}

	@AfterAll
	static void stopRedis() throws InterruptedException {
		redis.stop();
	}

	@Autowired
	IdempotencyCache cache;

	@Test
	void answerWithLessThanASecondLeftIsNotCachedSoALateWriteCannotOutliveItsRow() throws Exception {
		IdempotencyKey idempotencyKey = IdempotencyKey.parse(this.key);
		var response = new StoredResponse(201, "/charges/ch_x", "application/json", "{}".getBytes());

		this.cache.put(this.user, idempotencyKey, new byte[32], response, Duration.ofMillis(900), System.nanoTime());
		Optional<IdempotencyCache.Entry> nearlyExpired = this.cache.find(this.user, idempotencyKey);
		// five seconds left when Postgres measured them, four and a half seconds ago (a stalled thread)
		this.cache.put(this.user, idempotencyKey, new byte[32], response, Duration.ofSeconds(5),
				System.nanoTime() - Duration.ofMillis(4_500).toNanos());
		Optional<IdempotencyCache.Entry> measuredLongAgo = this.cache.find(this.user, idempotencyKey);
		this.cache.put(this.user, idempotencyKey, new byte[32], response, Duration.ofSeconds(5), System.nanoTime());

		assertThat(nearlyExpired).isEmpty();
		assertThat(measuredLongAgo).as("the time since Postgres measured the lifetime counts").isEmpty();
		assertThat(this.cache.find(this.user, idempotencyKey)).as("the same answer with time left is").isPresent();
	}

	@Test
	void replaysComeFromRedisWithoutChangingTheAnswer() {
		Answer first = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();
		double hits = cache("hit");

		Answer replay = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		assertThat(cache("hit")).isEqualTo(hits + 1);
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
	}

	@Test
	void cachedEntryStillRefusesAnotherBody() {
		this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		Answer reused = this.api.charge(this.user, this.key, IdempotencyTests.OTHER_BODY).send();

		assertThat(reused.status()).isEqualTo(409);
		assertThat(reused.problemType()).isEqualTo("idempotency-key-reused");
	}

	@Test
	void flushedRedisChangesNoAnswer() {
		Answer first = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();
		assertThat(((LettuceConnectionFactory) this.redisConnections).getPort()).isEqualTo(redis.port());
		try (var connection = this.redisConnections.getConnection()) {
			connection.serverCommands().flushAll();
		}
		double misses = cache("miss");

		Answer replay = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();

		assertThat(cache("miss")).isEqualTo(misses + 1);
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		Answer cachedAgain = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();
		assertThat(cachedAgain.body()).isEqualTo(first.body());
	}

	@Test
	void redisDownChangesNoAnswerAndCostsAtMostTheTimeout() throws Exception {
		Answer first = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();
		redis.stop();

		long started = System.nanoTime();
		Answer replay = this.api.charge(this.user, this.key, ApiClient.CHARGE_BODY).send();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		Answer fresh = this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
		Answer reused = this.api.charge(this.user, this.key, IdempotencyTests.OTHER_BODY).send();

		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(fresh.status()).isEqualTo(201);
		assertThat(reused.status()).isEqualTo(409);
		// one read and one write, each bounded by spring.data.redis.timeout (250ms), plus slack
		assertThat(took).isLessThan(Duration.ofSeconds(2));
		assertThat(cache("error")).isPositive();
	}

	private double cache(String result) {
		var counter = this.meters.find("payments.idempotency.cache").tag("result", result).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
