package com.acme.payments.ratelimit;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/** An endpoint nobody told the limiters about is authenticated and rate-limited all the same. */
@PaymentsTest(properties = { "payments.rate-limit.capacity=2", "payments.rate-limit.period=1h" })
@Import(UnlistedEndpointTests.NewEndpoint.class)
class UnlistedEndpointTests {

	@Autowired
	ApiClient api;

	@Test
	void aNewEndpointIsLimitedWithoutBeingListedAnywhere() {
		String user = TestTokens.newUser();

		Answer first = this.api.get("/new-endpoint").as(user).send();
		this.api.get("/new-endpoint").as(user).send();
		Answer third = this.api.get("/new-endpoint").as(user).send();

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("RateLimit")).contains("r=1;");
		assertThat(third.status()).isEqualTo(429);
		assertThat(third.problemType()).isEqualTo("quota-exceeded");
		assertThat(this.api.get("/new-endpoint").send().status()).as("and authenticated").isEqualTo(401);
	}

	/** Importing it registers its nested controller. */
	@TestConfiguration(proxyBeanMethods = false)
	static class NewEndpoint {

		@RestController
		static class Controller {

			@GetMapping("/new-endpoint")
			String hello() {
				return "hello";
			}

		}

	}

}
