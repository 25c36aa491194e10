package com.acme.payments.processor.stripe;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.StripeStandIn;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service charging through the Stripe adapter, against the stand-in: Stripe's answer is
 * lost (the connection reset after the create), the client gets 503 and does not retry; recovery
 * finds the PaymentIntent by search and records it; the charge is listed, and a later retry of the
 * key replays it without another create. Search lags its writes (2 min here): a search that finds
 * nothing soon after the key was last sent leaves the key bound, however old its first attempt.
 * The context is closed after the class, and the stand-in answers any other search 500, so this
 * context's recovery never resolves another test's attempts.
 */
@PaymentsTest(properties = { "payments.processor.kind=stripe", "payments.processor.stripe.api-key=sk_test_standin",
		"payments.processor.stripe.search-lag=2m", "payments.processor.timeout=5s", "payments.recovery.after=1s",
		"payments.recovery.interval=300ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StripeEndToEndTests {

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
		// any search but the ones a test sets up fails: never "nothing charged" for another test's attempt
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
	void lostAnswerIsRecoveredBySearchListedAndReplayedWithoutAClientRetry() {
		stripeLosesEveryAnswer();
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		String body = "{\"amount\":4200,\"currency\":\"eur\",\"source\":\"pm_card_visa\"}";

		Answer lost = this.api.charge(user, key, body).send();

		assertThat(lost.status()).isEqualTo(503);
		List<LoggedRequest> creates = stripe.creates();
		assertThat(creates).isNotEmpty();
		String downstreamKey = creates.get(0).getHeader("Idempotency-Key");
		assertThat(creates).allSatisfy((create) -> {
			assertThat(create.getHeader("Idempotency-Key")).isEqualTo(downstreamKey);
			assertThat(StripeStandIn.form(create)).containsEntry("metadata[downstream_key]", downstreamKey)
				.containsEntry("metadata[user]", user);
		});
		searchFinds(StripeStandIn.paymentIntent("pi_recovered", "succeeded", 4200, "eur", downstreamKey, user),
				downstreamKey);

		JsonNode listed = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.api.get("/charges").as(user).send().json().path("data"), (data) -> data.size() == 1);
		Answer replayed = this.api.charge(user, key, body).send();

		assertThat(listed.get(0).path("status").asString()).isEqualTo("succeeded");
		assertThat(listed.get(0).path("amount").asInt()).isEqualTo(4200);
		assertThat(replayed.status()).isEqualTo(201);
		assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replayed.json().path("id").asString()).isEqualTo(listed.get(0).path("id").asString());
		assertThat(stripe.creates()).as("no create after the lost one").hasSize(creates.size());
	}

	@Test
	void clientRetryOfAnAttemptStartedOver23HoursAgoIsResolvedBySearchNeverByANewCreate() {
		stripeLosesEveryAnswer();
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		String body = "{\"amount\":5200,\"currency\":\"usd\",\"source\":\"pm_card_visa\"}";
		assertThat(this.api.charge(user, key, body).send().status()).isEqualTo(503);
		int creates = stripe.creates().size();
		String downstreamKey = stripe.creates().get(0).getHeader("Idempotency-Key");
		// the attempt's downstream key was first sent 23.5 hours ago
		this.jdbc.sql("UPDATE idempotency_keys SET attempted_at = now() - interval '23 hours 30 minutes' "
				+ "WHERE user_id = ?").param(user).update();
		searchFinds(StripeStandIn.paymentIntent("pi_old", "succeeded", 5200, "usd", downstreamKey, user),
				downstreamKey);

		Answer retried = this.api.charge(user, key, body).send();

		assertThat(retried.status()).isEqualTo(201);
		assertThat(stripe.creates()).as("no create for a key Stripe may have forgotten").hasSize(creates);
		assertThat(this.jdbc.sql("SELECT processor_charge_id FROM charges WHERE user_id = ?").param(user)
			.query(String.class).single()).isEqualTo("pi_old");
	}

	@Test
	void requestStripeRefusesAsInvalidIsA400NamingTheFieldAndTheKeyStaysFree() {
		stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).withRequestBody(matching("(.*&)?amount=20(&.*)?"))
			.willReturn(aResponse().withStatus(400)
				.withHeader("Content-Type", "application/json")
				.withBody(StripeStandIn.error("invalid_request_error", "amount_too_small", null, "amount", null))));
		stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).withRequestBody(matching("(.*&)?amount=2000(&.*)?"))
			.willReturn(okJson(StripeStandIn.paymentIntent("pi_corrected", "succeeded", 2000, "usd", "dk", "u"))));
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();

		Answer refused = this.api.charge(user, key, "{\"amount\":20,\"currency\":\"usd\",\"source\":\"pm_card_visa\"}")
			.send();
		Answer corrected = this.api.charge(user, key,
				"{\"amount\":2000,\"currency\":\"usd\",\"source\":\"pm_card_visa\"}").send();

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.problemType()).isEqualTo("validation-error");
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("amount");
		assertThat(corrected.status()).as("the key was freed for the corrected request").isEqualTo(201);
		assertThat(corrected.header("Idempotent-Replayed")).isEqualTo("false");
	}

	@Test
	void declineThroughStripeIsA402WithItsCodeAndIsRecorded() {
		stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).withRequestBody(containing("tok_chargeDeclined"))
			.willReturn(aResponse().withStatus(402)
				.withHeader("Content-Type", "application/json")
				.withBody(StripeStandIn.error("card_error", "card_declined", "generic_decline", null, "pi_declined"))));
		String user = TestTokens.newUser();

		Answer declined = this.api.charge(user, ApiClient.newKey(),
				"{\"amount\":4200,\"currency\":\"eur\",\"source\":\"tok_chargeDeclined\"}").send();

		assertThat(declined.status()).isEqualTo(402);
		assertThat(declined.problemType()).isEqualTo("card-declined");
		assertThat(declined.json().path("decline_code").asString()).isEqualTo("generic_decline");
		assertThat(this.api.get("/charges").as(user).send().json().path("data").size()).isEqualTo(1);
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

	/** Every create reaches Stripe and its answer is lost: the connection is reset. */
	private static void stripeLosesEveryAnswer() {
		stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
	}

	/** Stripe's search finds {@code intent} under {@code downstreamKey}. */
	private static void searchFinds(String intent, String downstreamKey) {
		stripe.server.stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).atPriority(1)
			.withQueryParam("query", containing(downstreamKey))
			.willReturn(okJson(StripeStandIn.searchResult(intent))));
	}

	/** The key's state once recovery has decided on it once, or null before. */
	private String stateAfterRecovery(String user) {
		return this.jdbc.sql("""
				SELECT state FROM idempotency_keys
				WHERE user_id = ? AND (state = 'released' OR (state = 'unknown' AND recovery_attempts >= 1))
				""").param(user).query(String.class).optional().orElse(null);
	}

}
