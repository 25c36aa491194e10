package com.acme.payments.processor.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.acme.payments.processor.ProcessorProperties;
import com.acme.payments.processor.ProcessorRequest;
import com.acme.payments.processor.ProcessorResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One real call to Stripe's test mode, when {@code STRIPE_TEST_API_KEY} holds a {@code sk_test_}
 * key (it charges nobody: test mode). Without one the test is skipped and says so; the adapter's
 * behaviour is otherwise known from the stand-in only (docs/processors.md lists what that leaves
 * unproven).
 */
class StripeTestModeSmokeTests {

	@Test
	void chargesATestCardAndTheSameKeyReturnsTheSamePaymentIntent() {
		String key = System.getenv("STRIPE_TEST_API_KEY");
		assumeTrue(key != null && key.startsWith("sk_test_"),
				"STRIPE_TEST_API_KEY is not set (or not a sk_test_ key): the smoke test against Stripe's test mode was "
						+ "skipped; only the WireMock stand-in tests ran");
		var adapter = new StripeProcessor(
				new ProcessorProperties(ProcessorProperties.Kind.STRIPE, Duration.ZERO, Duration.ofSeconds(20),
						new ProcessorProperties.Breaker(50, 20, 10, Duration.ofSeconds(30), 3)),
				new StripeProperties(key, "https://api.stripe.com", Duration.ofMinutes(5), 2, Duration.ofSeconds(5)));
		var request = new ProcessorRequest("dk_smoke_" + UUID.randomUUID(), "smoke-test", 500, "usd", "pm_card_visa",
				Instant.now());
		try {
			ProcessorResult first = adapter.charge(request);
			ProcessorResult again = adapter.charge(request);

			assertThat(first.approved()).isTrue();
			assertThat(first.processorChargeId()).startsWith("pi_");
			assertThat(again).as("Stripe's idempotency: the same PaymentIntent").isEqualTo(first);
		}
		finally {
			adapter.destroy();
		}
	}

}
