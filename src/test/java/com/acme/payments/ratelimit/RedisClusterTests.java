package com.acme.payments.ratelimit;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTools.Tool;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivateRedisCluster;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With spring.data.redis.cluster.nodes set, the limiter and the idempotency cache run on a cluster. */
@RequiresTools(Tool.REDIS_SERVER)
// the in-process replay tier is off: this is about the Redis tier, on a cluster
@PaymentsTest(properties = { "payments.rate-limit.capacity=5", "payments.rate-limit.period=1h",
		"payments.idempotency.cache.local.enabled=false" })
class RedisClusterTests {

	static final PrivateRedisCluster cluster = PrivateRedisCluster.start();

	@DynamicPropertySource
	static void redisCluster(DynamicPropertyRegistry registry) {
		cluster.register(registry);
	}

	@AfterAll
	static void stopCluster() throws InterruptedException {
		cluster.close();
	}

	@Autowired
	ApiClient api;

	@Autowired
	LettuceConnectionFactory redis;

	@Autowired
	MeterRegistry meters;

	@Test
	void eachUserGetsExactlyTheQuotaOnACluster() throws Exception {
		assertThat(this.redis.getClusterConfiguration()).isNotNull();
		List<String> users = List.of(TestTokens.newUser(), TestTokens.newUser(), TestTokens.newUser(),
				TestTokens.newUser(), TestTokens.newUser(), TestTokens.newUser());

		List<Answer> answers = Race.run(120,
				(i) -> this.api.get("/charges").as(users.get(i % users.size())).send());

		for (int u = 0; u < users.size(); u++) {
			int user = u;
			long allowed = java.util.stream.IntStream.range(0, answers.size())
				.filter((i) -> i % users.size() == user)
				.filter((i) -> answers.get(i).status() == 200)
				.count();
			assertThat(allowed).as("user %d", u).isEqualTo(5);
		}
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isIn(200, 429));
		assertThat(cluster.keysPerNode().stream().filter((count) -> count > 0).count()).isGreaterThan(1);
	}

	@Test
	void idempotencyCacheServesReplaysFromTheCluster() {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		Answer first = this.api.charge(user, key, ApiClient.CHARGE_BODY).send();
		double hits = hits();

		Answer replay = this.api.charge(user, key, ApiClient.CHARGE_BODY).send();

		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(hits()).isEqualTo(hits + 1);
	}

	private double hits() {
		var counter = this.meters.find("payments.idempotency.cache").tag("result", "hit").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
