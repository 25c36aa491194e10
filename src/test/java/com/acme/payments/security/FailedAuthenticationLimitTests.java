package com.acme.payments.security;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client address that keeps failing authentication is refused with 429 before its tokens are
 * even looked at, until its budget refills. (The other test contexts allow a budget no test run
 * reaches, as every test calls from the same address.)
 */
@PaymentsTest(properties = { "payments.jwt.failures.capacity=5", "payments.jwt.failures.period=1h" })
class FailedAuthenticationLimitTests {

	@Autowired
	ApiClient api;

	@Test
	void addressThatFailedTooOftenIsRefusedWith429UntilItsBudgetRefills() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.api.get("/charges").bearer("bad-token-" + i).send().status()).isEqualTo(401);
		}

		Answer refused = this.api.get("/charges").bearer("bad-token").send();
		Answer evenWithAGoodToken = this.api.get("/charges").as(TestTokens.newUser()).send();

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.problemType()).isEqualTo("too-many-failed-authentications");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isGreaterThanOrEqualTo(1);
		assertThat(evenWithAGoodToken.status()).isEqualTo(429);
		assertThat(this.api.get("/actuator/health").send().status()).as("public paths stay open").isEqualTo(200);
	}

}
