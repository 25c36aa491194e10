package com.acme.payments.ratelimit;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.RateLimiterReady;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Two tokens per two seconds: one comes back every second. */
@PaymentsTest(properties = { "payments.rate-limit.capacity=2", "payments.rate-limit.period=2s" })
class RefillTests {

	@Autowired
	ApiClient api;

	final String user = TestTokens.newUser();

	@BeforeEach
	void limiterAnswers() {
		// a fresh service's first limiter calls can take a whole refill step here, or time out
		RateLimiterReady.await(this.api);
	}

	@Test
	void tokensComeBackGreedilyAfterRetryAfter() {
		this.api.get("/charges").as(this.user).send();
		this.api.get("/charges").as(this.user).send();
		Answer limited = this.api.get("/charges").as(this.user).send();
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isEqualTo("1");
		long rejectedAt = System.nanoTime();

		Awaitility.await()
			.atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.get("/charges").as(this.user).send().status() == 200);

		assertThat(Duration.ofNanos(System.nanoTime() - rejectedAt)).isLessThan(Duration.ofMillis(1500));
	}

	@Test
	void rejectedChargeRunsOnceTheUserHasTokensAgain() {
		String key = ApiClient.newKey();
		this.api.get("/charges").as(this.user).send();
		this.api.get("/charges").as(this.user).send();
		assertThat(this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send().status()).isEqualTo(429);

		Answer later = Awaitility.await()
			.atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send(), (a) -> a.status() != 429);

		assertThat(later.status()).isEqualTo(201);
		assertThat(later.header("Idempotent-Replayed")).isEqualTo("false");
	}

}
