package com.acme.payments.processor.stripe;

import java.time.Duration;

import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.StripeStandIn;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stripe's Search lags its writes ({@code search-lag} 2 min here), so "nothing found" means
 * nothing charged only for a downstream key last sent longer ago than that. The first attempt
 * under a key may be much older than the last send: a request that Stripe rate-limited (nothing
 * charged, the key released with its downstream key kept) and that the client retries ten minutes
 * later, when the create charges and its answer is lost. Recovery's search does not show that
 * PaymentIntent yet; the key must stay bound, not be freed for another body.
 */
@PaymentsTest(properties = { "payments.processor.kind=stripe", "payments.processor.stripe.api-key=sk_test_standin",
		"payments.processor.stripe.search-lag=2m", "payments.processor.timeout=5s", "payments.recovery.after=1s",
		"payments.recovery.interval=300ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StripeSearchLagTests {

	static final StripeStandIn stripe = new StripeStandIn();

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void stripeStandIn(DynamicPropertyRegistry registry) {
		registry.add("payments.processor.stripe.api-base", stripe::baseUrl);
	}

	@BeforeEach
	void freshStandIn() {
		stripe.server.resetAll();
		// any search but the one the test sets up fails: never "nothing charged" for another test's attempt
		stripe.server.stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).atPriority(10)
			.willReturn(aResponse().withStatus(500)
				.withHeader("Content-Type", "application/json")
				.withBody(StripeStandIn.error("api_error", null, null, null, null))));
	}

	@AfterAll
	static void stop() {
		stripe.stop();
	}

	@Test
	void searchFindingNothingSoonAfterARetryChargedKeepsTheKeyBoundThoughTheFirstAttemptIsOld() {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		String body = "{\"amount\":3100,\"currency\":\"usd\",\"source\":\"pm_card_visa\"}";
		stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).willReturn(aResponse().withStatus(429)
			.withHeader("Content-Type", "application/json")
			.withBody(StripeStandIn.error("invalid_request_error", "rate_limit", null, null, null))));
		assertThat(this.api.charge(user, key, body).send().status()).as("rate-limited: nothing charged").isEqualTo(503);
		String downstreamKey = stripe.creates().get(0).getHeader("Idempotency-Key");
		// that first attempt was ten minutes ago
		this.jdbc.sql("UPDATE idempotency_keys SET attempted_at = now() - interval '10 minutes' WHERE user_id = ?")
			.param(user)
			.update();
		stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		stripe.server.stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).atPriority(1)
			.withQueryParam("query", containing(downstreamKey))
			.willReturn(okJson(StripeStandIn.searchResult())));

		Answer lost = this.api.charge(user, key, body).send();
		assertThat(lost.status()).isEqualTo(503);
		assertThat(stripe.creates()).as("the retry was sent under the same downstream key").last()
			.satisfies((create) -> assertThat(create.getHeader("Idempotency-Key")).isEqualTo(downstreamKey));
		String state = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> stateAfterRecovery(user), (seen) -> seen != null);
		Answer otherBody = this.api.charge(user, key, "{\"amount\":9900,\"currency\":\"usd\",\"source\":\"pm_card_visa\"}")
			.send();

		assertThat(state).as("recovery asked and could not tell yet").isEqualTo("unknown");
		assertThat(otherBody.status()).as("the key is still bound to the charge that may exist").isEqualTo(409);
		assertThat(stripe.creates().stream().map((create) -> StripeStandIn.form(create).get("amount")))
			.as("no create for the other body").containsOnly("3100");
	}

	/** The key's state once recovery has decided on it once, or null before. */
	private String stateAfterRecovery(String user) {
		return this.jdbc.sql("""
				SELECT state FROM idempotency_keys
				WHERE user_id = ? AND (state = 'released' OR (state = 'unknown' AND recovery_attempts >= 1))
				""").param(user).query(String.class).optional().orElse(null);
	}

}
