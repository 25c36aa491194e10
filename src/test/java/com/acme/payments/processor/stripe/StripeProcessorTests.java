package com.acme.payments.processor.stripe;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.acme.payments.processor.ProcessorLookupAmbiguous;
import com.acme.payments.support.StripeStandIn;
import com.acme.payments.processor.ProcessorOutcomeUnknown;
import com.acme.payments.processor.ProcessorProperties;
import com.acme.payments.processor.ProcessorRejectedRequest;
import com.acme.payments.processor.ProcessorRequest;
import com.acme.payments.processor.ProcessorResult;
import com.acme.payments.processor.ProcessorUnavailable;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Stripe adapter against a stand-in that answers as Stripe's API reference documents: every row
 * of the mapping table (docs/processors.md), the faults of a real network (a reset after the create,
 * an answer dribbled past the deadline, a saved 500 replayed on the SDK's retry, a refused
 * connection), and the search look-up with its lag. Each test also checks what Stripe received: one
 * {@code Idempotency-Key} per attempt, equal to {@code metadata[downstream_key]}, on every try.
 */
class StripeProcessorTests {

	static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	final StripeStandIn stripe = new StripeStandIn();

	final String key = "dk_" + UUID.randomUUID();

	@AfterEach
	void stop() {
		this.stripe.stop();
	}

	@Test
	void succeededPaymentIntentIsACharge() {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(okJson(StripeStandIn.paymentIntent("pi_ok", "succeeded", 1999, "usd", this.key, "user-1"))));

		ProcessorResult result = adapter(Duration.ofSeconds(5)).charge(request("tok_visa", NOW));

		assertThat(result).isEqualTo(new ProcessorResult("pi_ok", null));
		LoggedRequest create = onlyCreate();
		Map<String, String> form = StripeStandIn.form(create);
		assertThat(form).containsEntry("amount", "1999")
			.containsEntry("currency", "usd")
			.containsEntry("confirm", "true")
			.containsEntry("error_on_requires_action", "true")
			.containsEntry("payment_method_data[type]", "card")
			.containsEntry("payment_method_data[card][token]", "tok_visa")
			.containsEntry("metadata[downstream_key]", this.key)
			.containsEntry("metadata[user]", "user-1");
		assertThat(create.getHeader("Authorization")).isEqualTo("Bearer sk_test_standin");
	}

	@Test
	void paymentMethodIdIsSentAsThePaymentMethod() {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(okJson(StripeStandIn.paymentIntent("pi_pm", "succeeded", 1999, "usd", this.key, "user-1"))));

		adapter(Duration.ofSeconds(5)).charge(request("pm_card_visa", NOW));

		assertThat(StripeStandIn.form(onlyCreate())).containsEntry("payment_method", "pm_card_visa")
			.doesNotContainKey("payment_method_data[type]");
	}

	@ParameterizedTest(name = "{0} {1}/{2} -> decline {4}")
	@CsvSource(nullValues = "null", value = { "402, card_declined, insufficient_funds, null, insufficient_funds",
			"402, card_declined, generic_decline, null, generic_decline", "402, expired_card, null, null, expired_card",
			"402, authentication_required, authentication_required, null, authentication_required" })
	void cardErrorIsADeclineWithItsCode(int status, String code, String declineCode, String param, String expected) {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(StripeStandIn.error("card_error", code, declineCode, param, "pi_declined"))));

		ProcessorResult result = adapter(Duration.ofSeconds(5)).charge(request("tok_visa", NOW));

		assertThat(result).isEqualTo(new ProcessorResult("pi_declined", expected));
		assertEveryTryCarriesTheKey(1);
	}

	@Test
	void sourceStripeDoesNotKnowIsDeclinedAsAnInvalidSource() {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(StripeStandIn.error("invalid_request_error", "resource_missing", null,
					"payment_method_data[card][token]", null))));

		ProcessorResult result = adapter(Duration.ofSeconds(5)).charge(request("tok_nope", NOW));

		assertThat(result.declineCode()).isEqualTo("invalid_source");
	}

	@Test
	void otherInvalidRequestIsRefusedNamingTheFieldAndChargesNothing() {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(StripeStandIn.error("invalid_request_error", "amount_too_small", null, "amount", null))));

		assertThatExceptionOfType(ProcessorRejectedRequest.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(5)).charge(request("tok_visa", NOW)))
			.satisfies((rejected) -> assertThat(rejected.field()).isEqualTo("amount"))
			.withMessageContaining("amount_too_small");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "401, invalid_request_error, null", "403, invalid_request_error, null",
			"429, invalid_request_error, rate_limit" })
	void answersThatChargedNothingAreUnavailable(int status, String type, String code) {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(StripeStandIn.error(type, "null".equals(code) ? null : code, null, null, null))));

		assertThatExceptionOfType(ProcessorUnavailable.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(5)).charge(request("tok_visa", NOW)));
		assertEveryTryCarriesTheKey(1);
	}

	@ParameterizedTest(name = "{0} {1} {2}")
	@CsvSource({ "409, idempotency_error, idempotency_key_in_use", "400, idempotency_error, null",
			"500, api_error, null", "503, api_error, null" })
	void answersAfterWhichStripeMayHaveChargedAreUnknown(int status, String type, String code) {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(StripeStandIn.error(type, "null".equals(code) ? null : code, null, null, null))));

		assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(8)).charge(request("tok_visa", NOW)));
		assertEveryTryCarriesTheKey(1);
	}

	@Test
	void paymentStillProcessingIsUnknown() {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(okJson(StripeStandIn.paymentIntent("pi_slow", "processing", 1999, "usd", this.key, "u"))));

		assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(5)).charge(request("tok_visa", NOW)));
	}

	@Test
	void savedFiveHundredReplayedOnTheSdksRetryIsUnknownAndEveryTryCarriedTheSameKey() {
		String saved = StripeStandIn.error("api_error", null, null, null, null);
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).inScenario("saved 500")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json").withBody(saved))
			.willSetStateTo("saved"));
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE)).inScenario("saved 500")
			.whenScenarioStateIs("saved")
			.willReturn(aResponse().withStatus(500)
				.withHeader("Content-Type", "application/json")
				.withHeader("Idempotent-Replayed", "true")
				.withBody(saved)));

		assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(8)).charge(request("tok_visa", NOW)));
		assertThat(this.stripe.creates()).as("the SDK retried").hasSizeGreaterThan(1);
		assertEveryTryCarriesTheKey(this.stripe.creates().size());
	}

	@Test
	void connectionResetAfterTheCreateIsUnknown() {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

		assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(8)).charge(request("tok_visa", NOW)));
		assertThat(this.stripe.creates()).isNotEmpty();
		assertEveryTryCarriesTheKey(this.stripe.creates().size());
	}

	@Test
	void answerDribbledPastTheDeadlineIsCutThereAndUnknown() {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(okJson(StripeStandIn.paymentIntent("pi_late", "succeeded", 1999, "usd", this.key, "u"))
				.withChunkedDribbleDelay(40, 8_000)));

		long started = System.nanoTime();
		assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(1)).charge(request("tok_visa", NOW)));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1_000),
				Duration.ofMillis(2_000));
	}

	@Test
	void callAbandonedAtItsDeadlineSendsNoFurtherTry() {
		// each try's answer comes after the deadline: the SDK would retry once the read times out
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(okJson(StripeStandIn.paymentIntent("pi_slow", "succeeded", 1999, "usd", this.key, "u"))
				.withFixedDelay(3_000)));

		assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(1)).charge(request("tok_visa", NOW)));

		// the abandoned call's read times out at 1 s; the SDK's retries (2, from 0.5 s later) must not be sent
		await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
			.until(() -> this.stripe.creates().size(), (creates) -> creates == 1);
	}

	@Test
	void stripeThatCannotBeReachedChargedNothing() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		StripeProcessor adapter = adapter(Duration.ofSeconds(8), "http://127.0.0.1:" + closed, Duration.ofMinutes(5));

		long started = System.nanoTime();
		assertThatExceptionOfType(ProcessorUnavailable.class)
			.isThrownBy(() -> adapter.charge(request("tok_visa", NOW)));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void lookupFindsTheAttemptsPaymentIntentBySearch() {
		this.stripe.server.stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(okJson(StripeStandIn
			.searchResult(StripeStandIn.paymentIntent("pi_found", "succeeded", 1999, "usd", this.key, "u"),
					StripeStandIn.paymentIntent("pi_other", "succeeded", 1999, "usd", this.key + "-other", "u")))));

		assertThat(adapter(Duration.ofSeconds(5)).lookup(this.key, NOW.minusSeconds(60)))
			.contains(new ProcessorResult("pi_found", null));
		LoggedRequest search = this.stripe.server.findAll(getRequestedFor(urlPathEqualTo("/v1/payment_intents/search")))
			.get(0);
		assertThat(search.queryParameter("query").firstValue()).isEqualTo("metadata['downstream_key']:'" + this.key + "'");
	}

	@Test
	void searchThatFindsNothingMeansNothingChargedOnlyOnceTheLagHasPassed() {
		this.stripe.server.stubFor(
				get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(okJson(StripeStandIn.searchResult())));
		StripeProcessor adapter = adapter(Duration.ofSeconds(5));

		assertThatExceptionOfType(ProcessorUnavailable.class).as("within the lag: cannot tell yet")
			.isThrownBy(() -> adapter.lookup(this.key, NOW.minus(Duration.ofMinutes(4))));
		assertThat(adapter.lookup(this.key, NOW.minus(Duration.ofMinutes(6)))).as("past the lag").isEmpty();
	}

	@Test
	void twoPaymentIntentsUnderOneKeyAreNeverGuessedBetween() {
		this.stripe.server.stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(okJson(StripeStandIn
			.searchResult(StripeStandIn.paymentIntent("pi_a", "succeeded", 1999, "usd", this.key, "u"),
					StripeStandIn.paymentIntent("pi_b", "succeeded", 1999, "usd", this.key, "u")))));

		assertThatExceptionOfType(ProcessorLookupAmbiguous.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(5)).lookup(this.key, NOW.minus(Duration.ofHours(1))));
	}

	@Test
	void attemptOlderThan23HoursIsResolvedByLookUpAndNeverCreatedAgain() {
		this.stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(okJson(StripeStandIn.paymentIntent("pi_again", "succeeded", 1999, "usd", this.key, "u"))));
		this.stripe.server.stubFor(get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(
				okJson(StripeStandIn.searchResult(StripeStandIn.paymentIntent("pi_first", "succeeded", 1999, "usd", this.key, "u")))));
		Instant old = NOW.minus(Duration.ofHours(23).plusMinutes(30));

		ProcessorResult result = adapter(Duration.ofSeconds(5)).charge(request("tok_visa", old));

		assertThat(result).isEqualTo(new ProcessorResult("pi_first", null));
		assertThat(this.stripe.creates()).as("no create for a key Stripe may have forgotten").isEmpty();
	}

	@Test
	void attemptOlderThan23HoursThatSearchCannotFindIsUnknownNeverNothingCharged() {
		// an earlier retry may have sent under the key moments ago: Search may not show it yet
		this.stripe.server.stubFor(
				get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(okJson(StripeStandIn.searchResult())));
		Instant old = NOW.minus(Duration.ofHours(23).plusMinutes(30));

		assertThatExceptionOfType(ProcessorOutcomeUnknown.class)
			.isThrownBy(() -> adapter(Duration.ofSeconds(5)).charge(request("tok_visa", old)));
		assertThat(this.stripe.creates()).isEmpty();
	}

	@Test
	void searchThatFindsNothingCountsFromTheLastPossibleSendNotFromTheSendItself() {
		this.stripe.server.stubFor(
				get(urlPathEqualTo("/v1/payment_intents/search")).willReturn(okJson(StripeStandIn.searchResult())));
		StripeProcessor adapter = adapter(Duration.ofSeconds(30));

		// sent 5 min 50 s ago: past the lag, but the last try may have started up to the deadline (30 s) later,
		// and connected (1 s) and shaken hands (the read timeout, the deadline: 30 s) before its bytes left
		assertThatExceptionOfType(ProcessorUnavailable.class)
			.isThrownBy(() -> adapter.lookup(this.key, NOW.minus(Duration.ofMinutes(5).plusSeconds(50))));
		assertThat(adapter.lookup(this.key, NOW.minus(Duration.ofMinutes(6).plusSeconds(2)))).isEmpty();
	}

	private LoggedRequest onlyCreate() {
		List<LoggedRequest> creates = this.stripe.creates();
		assertThat(creates).hasSize(1);
		return creates.get(0);
	}

	private void assertEveryTryCarriesTheKey(int atLeast) {
		List<LoggedRequest> creates = this.stripe.creates();
		assertThat(creates).hasSizeGreaterThanOrEqualTo(atLeast).allSatisfy((create) -> {
			assertThat(create.getHeader("Idempotency-Key")).isEqualTo(this.key);
			assertThat(StripeStandIn.form(create)).containsEntry("metadata[downstream_key]", this.key);
		});
	}

	private ProcessorRequest request(String source, Instant attemptedAt) {
		return new ProcessorRequest(this.key, "user-1", 1999, "usd", source, attemptedAt);
	}

	private StripeProcessor adapter(Duration deadline) {
		return adapter(deadline, this.stripe.baseUrl(), Duration.ofMinutes(5));
	}

	private StripeProcessor adapter(Duration deadline, String apiBase, Duration searchLag) {
		var processor = new ProcessorProperties(ProcessorProperties.Kind.STRIPE, Duration.ZERO, deadline,
				new ProcessorProperties.Breaker(50, 20, 10, Duration.ofSeconds(30), 3));
		var settings = new StripeProperties("sk_test_standin", apiBase, searchLag, 2, Duration.ofSeconds(1));
		return new StripeProcessor(processor, settings, Clock.fixed(NOW, ZoneOffset.UTC));
	}

}
