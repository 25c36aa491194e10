package com.acme.payments.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A stand-in for Stripe's API on a loopback port (WireMock), with answers shaped as Stripe's API
 * reference documents them, written here from that reference, and the requests it received.
 */
public final class StripeStandIn {

	public static final String CREATE = "/v1/payment_intents";

	public final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	public StripeStandIn() {
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public void stop() {
		this.server.stop();
	}

	/** The creates Stripe received, in order. */
	public List<LoggedRequest> creates() {
		return this.server.findAll(postRequestedFor(urlEqualTo(CREATE)));
	}

	/** A form-encoded body (what the SDK sends) as a map of its parameters. */
	public static Map<String, String> form(LoggedRequest request) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : request.getBodyAsString().split("&")) {
			int equals = pair.indexOf('=');
			form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return form;
	}

	/** A PaymentIntent object (API reference, "The PaymentIntent object"). */
	public static String paymentIntent(String id, String status, long amount, String currency, String downstreamKey,
			String user) {
		return """
				{"id": "%s", "object": "payment_intent", "amount": %d, "amount_received": %d,
				 "currency": "%s", "status": "%s", "capture_method": "automatic", "confirmation_method": "automatic",
				 "created": 1764633600, "livemode": false, "payment_method": "pm_1QxYz2LkdIwHu7ixAbCdEfGh",
				 "payment_method_types": ["card"], "last_payment_error": null, "next_action": null,
				 "metadata": {"downstream_key": "%s", "user": "%s"}}"""
			.formatted(id, amount, "succeeded".equals(status) ? amount : 0, currency, status, downstreamKey, user);
	}

	/** An error object (API reference, "Errors"), with the failed PaymentIntent where Stripe sends one. */
	public static String error(String type, String code, String declineCode, String param, String paymentIntentId) {
		return """
				{"error": {"type": "%s", "code": %s, "decline_code": %s, "param": %s,
				 "message": "Stand-in error for %s.", "doc_url": "https://docs.stripe.com/error-codes",
				 "payment_intent": %s}}"""
			.formatted(type, quoted(code), quoted(declineCode), quoted(param), code,
					(paymentIntentId != null) ? "{\"id\": \"" + paymentIntentId
							+ "\", \"object\": \"payment_intent\", \"status\": \"requires_payment_method\"}" : "null");
	}

	/** A page of a list (API reference, "List all PaymentIntents"). */
	public static String listPage(boolean hasMore, String... intents) {
		return """
				{"object": "list", "url": "/v1/payment_intents", "has_more": %s, "data": [%s]}"""
			.formatted(hasMore, String.join(",", intents));
	}

	/** A search result list (API reference, "Search PaymentIntents"). */
	public static String searchResult(String... intents) {
		return """
				{"object": "search_result", "url": "/v1/payment_intents/search", "has_more": false,
				 "next_page": null, "data": [%s]}""".formatted(String.join(",", intents));
	}

	private static String quoted(String value) {
		return (value != null) ? "\"" + value + "\"" : "null";
	}

}
