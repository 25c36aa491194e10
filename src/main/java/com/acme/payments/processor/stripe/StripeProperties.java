package com.acme.payments.processor.stripe;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Stripe adapter ({@code payments.processor.kind=stripe}).
 *
 * @param apiKey the secret key ({@code sk_test_…} in test mode, {@code sk_live_…} or a restricted
 * {@code rk_…} key live); required for this kind (env {@code PAYMENTS_PROCESSOR_STRIPE_APIKEY})
 * @param apiBase where Stripe's API is; tests point it at a stand-in (env
 * {@code PAYMENTS_PROCESSOR_STRIPE_APIBASE})
 * @param searchLag how far Stripe's Search may lag its writes: a search that finds nothing under a
 * downstream key means "nothing charged" only for an attempt older than this (env
 * {@code PAYMENTS_PROCESSOR_STRIPE_SEARCHLAG})
 * @param maxNetworkRetries the SDK's own retries of one call (same {@code Idempotency-Key} on each),
 * all within {@code payments.processor.timeout}
 * @param connectTimeout the longest one connection attempt may take
 */
@Validated
@ConfigurationProperties("payments.processor.stripe")
public record StripeProperties(String apiKey, @DefaultValue("https://api.stripe.com") String apiBase,
		@DurationMin(seconds = 0) @DefaultValue("5m") Duration searchLag,
		@Min(0) @Max(5) @DefaultValue("2") int maxNetworkRetries,
		@DurationMin(millis = 1) @DefaultValue("2s") Duration connectTimeout) {

	/** Never prints the key. */
	@Override
	public String toString() {
		return "StripeProperties[apiKey=" + ((this.apiKey != null) ? "******" : null) + ", apiBase=" + this.apiBase
				+ ", searchLag=" + this.searchLag + ", maxNetworkRetries=" + this.maxNetworkRetries + "]";
	}

}
