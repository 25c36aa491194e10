package com.acme.payments.ratelimit;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.Race;
import com.acme.payments.support.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Stripe's concurrent-requests limiter: one user's requests in flight on an instance are bounded. */
@PaymentsTest(properties = { "payments.rate-limit.concurrency=2", "payments.processor.latency=1s" })
class ConcurrencyLimitTests {

	@Autowired
	ApiClient api;

	@Autowired
	MeterRegistry meters;

	@Test
	void requestBeyondTheConcurrencyLimitIsRefusedAtOnceAndTakesNoToken() {
		String user = TestTokens.newUser();
		double tokensTaken = allowed();

		List<Answer> answers = Race.run(5, (i) -> this.api.charge(user, ApiClient.newKey(), ApiClient.CHARGE_BODY).send());

		assertThat(answers).filteredOn((answer) -> answer.status() == 201).hasSize(2);
		assertThat(answers).filteredOn((answer) -> answer.status() == 429).hasSize(3).allSatisfy((refused) -> {
			assertThat(refused.problemType()).isEqualTo("too-many-concurrent-requests");
			assertThat(refused.header("Retry-After")).isEqualTo("1");
			assertThat(refused.header("RateLimit")).as("answered before the token bucket").isNull();
		});
		assertThat(allowed() - tokensTaken).as("the two charges took tokens, the refused requests none")
			.isEqualTo(2);
	}

	private double allowed() {
		return this.meters.get("payments.ratelimit.requests").tag("result", "allowed").counter().count();
	}

	@Test
	void otherUsersAreNotLimitedByOnesConcurrency() {
		String busy = TestTokens.newUser();

		List<Integer> statuses = Race.run(4, (i) -> this.api
			.charge((i < 2) ? busy : TestTokens.newUser(), ApiClient.newKey(), ApiClient.CHARGE_BODY)
			.send()
			.status());

		assertThat(statuses).containsOnly(201);
	}

}
