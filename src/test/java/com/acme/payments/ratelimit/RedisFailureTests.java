package com.acme.payments.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis down: requests never hang on it; the configured policy decides. Private redis-servers only. */
@RequiresTools(Tool.REDIS_SERVER)
class RedisFailureTests {

	static final PrivateRedis openRedis = PrivateRedis.start();

	static final PrivateRedis closedRedis = PrivateRedis.start();

	@AfterAll
	static void stopRedis() throws InterruptedException {
		openRedis.stop();
		closedRedis.stop();
	}

	@Nested
	@PaymentsTest(properties = { "payments.rate-limit.capacity=3", "payments.rate-limit.fail-open=true" })
	class FailOpen {

		@DynamicPropertySource
		static void redis(DynamicPropertyRegistry registry) {
			openRedis.register(registry);
		}

		@Autowired
		ApiClient api;

		@Autowired
		MeterRegistry meters;

		@Test
		void letsRequestsThroughAndCountsThem() throws Exception {
			String user = TestTokens.newUser();
			assertThat(this.api.get("/charges").as(user).send().header("RateLimit")).isNotNull();
			openRedis.stop();
			try {
				double before = failOpen();
				for (int i = 0; i < 6; i++) {
					long started = System.nanoTime();
					Answer answer = this.api.get("/charges").as(user).send();
					assertThat(answer.status()).isEqualTo(200);
					assertThat(answer.header("RateLimit")).isNull();
					assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
				}
				assertThat(this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send().status())
					.isEqualTo(201);
				assertThat(failOpen()).isEqualTo(before + 7);
				// Redis is part of readiness, not of liveness: take traffic away, do not restart
				assertThat(this.api.get("/actuator/health/readiness").send().status()).isEqualTo(503);
				assertThat(this.api.get("/actuator/health/liveness").send().status()).isEqualTo(200);
			}
			finally {
				openRedis.restart();
			}
		}

		private double failOpen() {
			var counter = this.meters.find("payments.ratelimit.requests").tag("result", "fail_open").counter();
			return (counter != null) ? counter.count() : 0;
		}

	}

	@Nested
	@PaymentsTest(properties = { "payments.rate-limit.capacity=3", "payments.rate-limit.fail-open=false" })
	class FailClosed {

		@DynamicPropertySource
		static void redis(DynamicPropertyRegistry registry) {
			closedRedis.register(registry);
		}

		@Autowired
		ApiClient api;

		@Test
		void answers503WithRetryAfter() throws Exception {
			String user = TestTokens.newUser();
			assertThat(this.api.get("/charges").as(user).send().status()).isEqualTo(200);
			closedRedis.stop();
			try {
				long started = System.nanoTime();
				Answer answer = this.api.get("/charges").as(user).send();
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
				assertThat(answer.status()).isEqualTo(503);
				assertThat(answer.problemType()).isEqualTo("service-unavailable");
				assertThat(answer.header("Retry-After")).isEqualTo("1");
			}
			finally {
				closedRedis.restart();
			}
			org.awaitility.Awaitility.await("the limiter is back with Redis")
				.atMost(Duration.ofSeconds(5))
				.until(() -> this.api.get("/charges").as(user).send().status() == 200);
		}

	}

}
