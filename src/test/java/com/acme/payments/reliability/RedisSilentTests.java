package com.acme.payments.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.FreezableProxy;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivateRedis;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTokens;
import com.acme.payments.support.TestTools.Tool;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis goes silent (no reset, no refusal): after the first few timeouts the limiter and the cache
 * stop asking it (fail-open), so charges go on at close to their usual latency, and they are
 * limited again once Redis answers.
 */
@RequiresTools(Tool.REDIS_SERVER)
@PaymentsTest(properties = "payments.rate-limit.capacity=100000")
class RedisSilentTests {

	static final PrivateRedis redis = PrivateRedis.start();

	static final FreezableProxy proxy = FreezableProxy.to(redis.port());

	@DynamicPropertySource
	static void silentRedis(DynamicPropertyRegistry registry) {
		redis.register(registry);
		registry.add("spring.data.redis.port", proxy::port);
	}

	@AfterAll
	static void stop() throws Exception {
		proxy.close();
		redis.close();
	}

	@Autowired
	ApiClient api;

	@Test
	void chargesWithRedisSilentCostCloseToTheirUsualLatencyAfterTheFirstSecond() throws Exception {
		String user = TestTokens.newUser();
		Duration usual = medianOfCharges(user, 30);
		proxy.freeze();
		try {
			long frozenAt = System.nanoTime();
			while (System.nanoTime() - frozenAt < Duration.ofSeconds(1).toNanos()) {
				assertThat(charge(user).status()).as("fail-open").isEqualTo(201);
			}

			Duration silent = medianOfCharges(user, 30);

			assertThat(silent).as("usual median %s", usual).isLessThan(usual.plusMillis(25));
		}
		finally {
			proxy.thaw();
		}
		org.awaitility.Awaitility.await("the limiter counts again").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> charge(user).header("RateLimit") != null);
	}

	private Duration medianOfCharges(String user, int count) {
		List<Duration> took = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long started = System.nanoTime();
			assertThat(charge(user).status()).isEqualTo(201);
			took.add(Duration.ofNanos(System.nanoTime() - started));
		}
		took.sort(null);
		return took.get(count / 2);
	}

	private Answer charge(String user) {
		return this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send();
	}

}
