package com.acme.payments.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTools.Tool;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivateRedis;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is killed while clients charge and replay: charges keep succeeding (fail-open), replays stay
 * byte-identical from Postgres, no request waits longer than twice the Redis timeout beyond its usual
 * time, and once Redis is back the cache serves again.
 */
@RequiresTools(Tool.REDIS_SERVER)
// the in-process replay tier is off: the replays here must go to Redis, and come back to it
@PaymentsTest(properties = { "payments.idempotency.cache.local.enabled=false", "spring.data.redis.timeout=500ms",
		"payments.rate-limit.timeout=500ms", "payments.rate-limit.capacity=100000" })
class RedisOutageUnderLoadTests {

	static final PrivateRedis redis = PrivateRedis.start();

	@DynamicPropertySource
	static void privateRedis(DynamicPropertyRegistry registry) {
		redis.register(registry);
	}

	@AfterAll
	static void stop() throws InterruptedException {
		redis.stop();
	}

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void chargesAndReplaysCarryOnWhileRedisIsKilled() throws Exception {
		String user = TestTokens.newUser();
		String replayedKey = ApiClient.newKey();
		Answer original = this.api.charge(user, replayedKey, ApiClient.CHARGE_BODY).send();
		AtomicBoolean stop = new AtomicBoolean();
		ConcurrentLinkedQueue<Long> slowest = new ConcurrentLinkedQueue<>();
		Thread killer = new Thread(() -> {
			try {
				Thread.sleep(700);
				redis.stop();
				Thread.sleep(1500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			stop.set(true);
		});
		killer.start();

		List<List<Answer>> perThread = Race.run(8, (t) -> {
			List<Answer> answers = new java.util.ArrayList<>();
			long worst = 0;
			while (!stop.get()) {
				long started = System.nanoTime();
				answers.add((answers.size() % 2 == 0) ? this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send()
						: this.api.charge(user, replayedKey, ApiClient.CHARGE_BODY).send());
				worst = Math.max(worst, System.nanoTime() - started);
			}
			slowest.add(worst);
			return answers;
		});
		killer.join();

		List<Answer> answers = perThread.stream().flatMap(List::stream).toList();
		assertThat(answers).hasSizeGreaterThan(20).allSatisfy((a) -> assertThat(a.status()).isEqualTo(201));
		assertThat(answers.stream().filter((a) -> "true".equals(a.header("Idempotent-Replayed"))))
			.isNotEmpty()
			.allSatisfy((replay) -> assertThat(replay.body()).isEqualTo(original.body()));
		long fresh = answers.stream().filter((a) -> "false".equals(a.header("Idempotent-Replayed"))).count();
		assertThat(new Books(this.jdbc).charges(user))
			.isEqualTo(fresh + 1);
		assertThat(Duration.ofNanos(slowest.stream().mapToLong(Long::longValue).max().orElseThrow()))
			.isLessThan(Duration.ofSeconds(2));
		assertThat(counter("payments.ratelimit.requests", "result", "fail_open")).isPositive();

		redis.restart();
		double hits = counter("payments.idempotency.cache", "result", "hit");
		Awaitility.await("the cache serves again")
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				this.api.charge(user, replayedKey, ApiClient.CHARGE_BODY).send();
				return counter("payments.idempotency.cache", "result", "hit") > hits;
			});
	}

	private double counter(String name, String tag, String value) {
		var counter = this.meters.find(name).tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
