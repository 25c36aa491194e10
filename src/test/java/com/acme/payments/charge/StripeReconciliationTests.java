package com.acme.payments.charge;

import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.PrivatePostgres;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.StripeStandIn;
import com.acme.payments.support.TestTokens;
import com.acme.payments.support.TestTools.Tool;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation through the Stripe adapter: the list of PaymentIntents by {@code created}, followed
 * over every page, finds a charge whose record and key were lost and records it for its user; a
 * PaymentIntent with no user of ours in its metadata is a finding of its own; one that never finishes
 * holds the watermark back only if it is ours, and only for {@code hold}.
 */
@RequiresTools(Tool.POSTGRES_SERVER)
@PaymentsTest(properties = { "payments.processor.kind=stripe", "payments.processor.stripe.api-key=sk_test_standin",
		"payments.reconciliation.settle=0s", "payments.idempotency.cache.enabled=false" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class StripeReconciliationTests {

	static final PrivatePostgres postgres = PrivatePostgres.start();

	static final StripeStandIn stripe = new StripeStandIn();

	@DynamicPropertySource
	static void ownDatabaseAndStripe(DynamicPropertyRegistry registry) {
		postgres.register(registry);
		registry.add("payments.processor.stripe.api-base", stripe::baseUrl);
	}

	@AfterAll
	static void stop() throws Exception {
		stripe.stop();
		postgres.close();
	}

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ChargeReconciliation reconciliation;

	@Autowired
	MeterRegistry meters;

	@BeforeEach
	void freshStandIn() {
		stripe.server.resetAll();
	}

	@Test
	void lostRecordIsFoundOnTheSecondPageOfStripesListAndRecordedForItsUser() {
		String user = TestTokens.newUser();
		stripe.server.stubFor(post(urlEqualTo(StripeStandIn.CREATE))
			.willReturn(okJson(StripeStandIn.paymentIntent("pi_lost", "succeeded", 3100, "usd", "dk", user))));
		assertThat(this.api.charge(user, ApiClient.newKey(), "{\"amount\":3100,\"currency\":\"usd\",\"source\":\"pm_card_visa\"}")
			.send()
			.status()).isEqualTo(201);
		String downstreamKey = stripe.creates().get(0).getHeader("Idempotency-Key");
		this.jdbc.sql("DELETE FROM charges WHERE user_id = ?").param(user).update();
		this.jdbc.sql("DELETE FROM idempotency_keys WHERE user_id = ?").param(user).update();
		stripe.server.stubFor(get(urlPathEqualTo("/v1/payment_intents")).atPriority(2)
			.withQueryParam("starting_after", absent())
			.willReturn(okJson(StripeStandIn.listPage(true,
					StripeStandIn.paymentIntent("pi_elsewhere", "succeeded", 500, "usd", null, null)
						.replace("\"downstream_key\": \"null\", \"user\": \"null\"", ""),
					StripeStandIn.paymentIntent("pi_first_page", "succeeded", 700, "eur", "dk_first_page",
							"user-first-page")))));
		stripe.server.stubFor(get(urlPathEqualTo("/v1/payment_intents")).atPriority(1)
			.withQueryParam("starting_after", equalTo("pi_first_page"))
			.willReturn(okJson(StripeStandIn.listPage(false,
					StripeStandIn.paymentIntent("pi_lost", "succeeded", 3100, "usd", downstreamKey, user)))));
		double unattributed = findings("unattributed");

		this.reconciliation.runOnce();

		JsonNode listed = this.api.get("/charges").as(user).send().json().path("data");
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0).path("amount").asInt()).isEqualTo(3100);
		assertThat(this.jdbc.sql("SELECT processor_charge_id FROM charges WHERE user_id = ?").param(user)
			.query(String.class).single()).isEqualTo("pi_lost");
		assertThat(this.jdbc.sql("SELECT count(*) FROM charges WHERE processor_charge_id = 'pi_first_page'")
			.query(Long.class).single()).as("the first page counted too").isEqualTo(1);
		assertThat(findings("unattributed")).isEqualTo(unattributed + 1);
		List<LoggedRequest> pages = stripe.server.findAll(getRequestedFor(urlPathEqualTo("/v1/payment_intents")));
		assertThat(pages).hasSize(2);
		assertThat(pages.get(0).queryParameter("created[gte]").isPresent()).isTrue();
		assertThat(pages.get(0).queryParameter("created[lt]").isPresent()).isTrue();
	}

	@Test
	void paymentIntentsThatNeverFinishHoldTheWatermarkOnlyIfOursAndOnlyForTheHold() {
		String notOurs = StripeStandIn.paymentIntent("pi_dashboard", "requires_capture", 900, "usd", null, null)
			.replace("\"downstream_key\": \"null\", \"user\": \"null\"", "");
		// made a year before this test runs: far longer ago than the hold
		String oursStuck = StripeStandIn.paymentIntent("pi_stuck", "processing", 1200, "usd", "dk_stuck", "user-stuck");
		stripe.server.stubFor(get(urlPathEqualTo("/v1/payment_intents")).atPriority(1)
			.willReturn(okJson(StripeStandIn.listPage(false, notOurs, oursStuck))));
		double stuck = findings("stuck");
		double unattributed = findings("unattributed");

		ChargeReconciliation.Window first = this.reconciliation.runOnce().orElseThrow();
		this.jdbc.sql("UPDATE reconciliation_held SET first_held_at = now() - interval '7 hours'").update();
		ChargeReconciliation.Window window = this.reconciliation.runOnce().orElseThrow();

		assertThat(first.to()).as("ours holds the watermark, however long ago it was made").isBefore(first.from());
		assertThat(findings("unattributed")).as("the dashboard's, at once: it is not waited for")
			.isEqualTo(unattributed + 1);
		assertThat(window.to()).as("waited for longer than the hold: the watermark moved on").isAfter(window.from());
		assertThat(findings("stuck")).as("ours, once").isEqualTo(stuck + 1);
		assertThat(this.jdbc.sql("SELECT charge_ref FROM reconciliation_findings WHERE kind = 'stuck'")
			.query(String.class).list()).containsExactly("pi_stuck");
	}

	private double findings(String kind) {
		return this.meters.counter("payments.reconciliation.findings", "kind", kind).count();
	}

}
