package com.acme.payments.support;

import java.time.Duration;

import org.awaitility.Awaitility;

/**
 * Waits until the rate limiter of a freshly started context answers: its first Redis calls, on a
 * cold JVM and a busy machine, can exceed the limiter's 250 ms timeout and open its breaker, and
 * until that closes requests pass unlimited (fail-open). A test that needs a 429 waits for this first.
 */
public final class RateLimiterReady {

	private RateLimiterReady() {
	}

	/** Returns once an answer carries the limiter's {@code RateLimit} header (a throwaway user's). */
	public static void await(ApiClient api) {
		String user = TestTokens.newUser();
		Awaitility.await("the rate limiter answers")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> api.get("/charges?limit=1").as(user).send().header("RateLimit") != null);
	}

}
