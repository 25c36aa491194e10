package com.acme.payments.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Instances;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivateRedisSentinel;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTokens;
import com.acme.payments.support.TestTools.Tool;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service behind Redis Sentinel: the limiter counts through the master; the master dies; during
 * the failover requests go through (fail-open), never fail; once Sentinel has promoted the replica the
 * limiter counts again, without a restart.
 */
@PaymentsTest
@RequiresTools(Tool.REDIS_SERVER)
class RedisSentinelTests {

	static PrivateRedisSentinel redis;

	@Autowired
	ApplicationContext context;

	@AfterAll
	static void stopRedis() throws InterruptedException {
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void limiterCountsAgainAfterAMasterFailover() throws Exception {
		redis = PrivateRedisSentinel.start();
		List<String> settings = new ArrayList<>(redis.settings());
		// Sentinel's settings take the place of the shared host and port
		settings.addAll(List.of("payments.rate-limit.capacity=3", "payments.rate-limit.period=1h"));
		try (ConfigurableApplicationContext service = Instances.startAnother(this.context,
				settings.toArray(String[]::new))) {
			ApiClient api = ApiClient.at(Instances.baseUrl(service));
			assertCounts(api, TestTokens.newUser());
			Awaitility.await("the bucket reached the replica through the master Sentinel named")
				.atMost(Duration.ofSeconds(10))
				.until(() -> redis.replicaKeys() > 0);
			long keysBefore = redis.replicaKeys();

			redis.killMaster();
			long started = System.nanoTime();
			while (!redis.replicaPromoted()) {
				assertThat(api.get("/charges").as(TestTokens.newUser()).send().status())
					.as("during the failover requests go through").isEqualTo(200);
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
			}

			String user = TestTokens.newUser();
			Awaitility.await("the limiter counts through the promoted master")
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> api.get("/charges").as(user).send().header("RateLimit") != null);
			assertThat(api.get("/charges").as(user).send().header("RateLimit")).contains("r=1;");
			assertThat(api.get("/charges").as(user).send().header("RateLimit")).contains("r=0;");
			assertThat(api.get("/charges").as(user).send().status()).isEqualTo(429);
			assertThat(redis.replicaKeys()).as("the new bucket lives on the promoted replica").isGreaterThan(keysBefore);
		}
	}

	private static void assertCounts(ApiClient api, String user) {
		List<Answer> answers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			answers.add(api.get("/charges").as(user).send());
		}
		assertThat(answers).extracting(Answer::status).containsExactly(200, 200, 200, 429);
		assertThat(answers.get(0).header("RateLimit")).contains("r=2;");
	}

}
