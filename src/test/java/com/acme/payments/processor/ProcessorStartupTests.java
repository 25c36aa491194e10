package com.acme.payments.processor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.acme.payments.support.Startup;
import com.acme.payments.support.TestTokens;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A payments service never quietly runs a fake, nor a processor whose calls could outlast their
 * lease: outside the local profile it does not start until the kind is chosen, a Stripe kind needs
 * its key, and the processor's deadline must be below the lock timeout. Each refusal names the
 * setting to change.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProcessorStartupTests {

	static final String SECRET = "--payments.jwt.secret=" + TestTokens.SECRET;

	@Test
	void refusesToStartWithoutAProcessorKindAndNamesTheProperty(CapturedOutput output) {
		assertThatThrownBy(() -> Startup.start(SECRET)).hasRootCauseInstanceOf(ProcessorMisconfigured.class);
		assertThat(output).contains("payments.processor.kind").contains("PAYMENTS_PROCESSOR_KIND");
	}

	@Test
	void refusesStripeWithoutAnApiKey(CapturedOutput output) {
		assertThatThrownBy(() -> Startup.start(SECRET, "--payments.processor.kind=stripe"))
			.hasRootCauseInstanceOf(ProcessorMisconfigured.class);
		assertThat(output).contains("payments.processor.stripe.api-key").contains("PAYMENTS_PROCESSOR_STRIPE_APIKEY");
	}

	@Test
	void refusesADeadlineThatIsNotBelowTheLockTimeout(CapturedOutput output) {
		assertThatThrownBy(() -> Startup.start(SECRET, "--payments.processor.kind=simulator",
				"--payments.processor.timeout=60s", "--payments.idempotency.lock-timeout=60s"))
			.hasRootCauseInstanceOf(ProcessorMisconfigured.class);
		assertThat(output).contains("payments.processor.timeout").contains("payments.idempotency.lock-timeout");
	}

	@Test
	void startsWithTheSimulatorWhenItIsChosen() {
		try (ConfigurableApplicationContext context = Startup.start(SECRET, "--payments.processor.kind=simulator",
				"--payments.idempotency.cache.key-prefix=test:processor-startup:")) {
			assertThat(context.getBean(PaymentProcessor.class).getClass().getSimpleName()).isEqualTo("SimulatedProcessor");
		}
	}

	@Test
	void localProfileChoosesTheSimulator() {
		try (ConfigurableApplicationContext context = Startup.start("--spring.profiles.active=local",
				"--payments.idempotency.cache.key-prefix=test:processor-startup-local:")) {
			assertThat(context.getBean(ProcessorProperties.class).kind()).isEqualTo(ProcessorProperties.Kind.SIMULATOR);
		}
	}

}
