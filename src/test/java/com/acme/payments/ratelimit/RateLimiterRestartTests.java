package com.acme.payments.ratelimit;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping and starting the application context (which Spring's test framework does to cached
 * contexts it pauses) replaces the Redis client: the limiter reconnects through the new one instead
 * of failing open on its closed connection for good.
 */
@PaymentsTest(properties = { "payments.rate-limit.capacity=3", "payments.rate-limit.period=1h",
		"payments.rate-limit.key-prefix=test:restart:${random.uuid}:" })
class RateLimiterRestartTests {

	@Autowired
	RateLimiter limiter;

	@Autowired
	ConfigurableApplicationContext context;

	@Test
	void theLimiterCountsAgainAfterTheContextIsStoppedAndStarted() {
		String user = TestTokens.newUser();
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.tryConsume(user).allowed()).isTrue();
		}

		this.context.stop();
		this.context.start();

		RateLimiter.Decision after = this.limiter.tryConsume(user);
		assertThat(after.allowed()).as("the same bucket, through the new connection: empty").isFalse();
		assertThat(this.limiter.tryConsume(TestTokens.newUser()).allowed()).isTrue();
	}

}
