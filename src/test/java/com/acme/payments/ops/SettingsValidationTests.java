package com.acme.payments.ops;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import com.acme.payments.idempotency.IdempotencyProperties;
import com.acme.payments.idempotency.RecoveryProperties;
import com.acme.payments.processor.ProcessorProperties;
import com.acme.payments.ratelimit.RateLimitProperties;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** Settings are checked by Bean Validation when they are bound: a service with nonsense ones does not start. */
class SettingsValidationTests {

	static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	static final IdempotencyProperties.Local LOCAL = new IdempotencyProperties.Local(true,
			org.springframework.util.unit.DataSize.ofMegabytes(16));

	@Test
	void retentionLeaseAndCleanupMustBeSensible() {
		var cache = new IdempotencyProperties.Cache(true, "p:", LOCAL);

		assertThat(invalid(new IdempotencyProperties(Duration.ZERO, Duration.ofSeconds(60), Duration.ofMinutes(1), 100,
				cache))).containsExactly("ttl");
		assertThat(invalid(new IdempotencyProperties(Duration.ofDays(31), Duration.ofMillis(10), Duration.ofMinutes(1),
				0, new IdempotencyProperties.Cache(true, " ", LOCAL)))).containsExactlyInAnyOrder("ttl", "lockTimeout",
						"cleanupBatchSize", "cache.keyPrefix");
		assertThat(invalid(new IdempotencyProperties(Duration.ofHours(24), Duration.ofSeconds(60),
				Duration.ofMinutes(1), 1000, cache))).isEmpty();
		org.assertj.core.api.Assertions
			.assertThatIllegalArgumentException()
			.isThrownBy(() -> new IdempotencyProperties.Local(true, org.springframework.util.unit.DataSize.ofBytes(0)))
			.withMessageContaining("payments.idempotency.cache.local.max-size");
		org.assertj.core.api.Assertions
			.assertThatIllegalArgumentException()
			.isThrownBy(() -> new IdempotencyProperties.Local(true, org.springframework.util.unit.DataSize.ofGigabytes(5)));
	}

	@Test
	void rateLimitsProcessorAndRecoveryMustBeSensible() {
		assertThat(invalid(new RateLimitProperties(0, Duration.ofMillis(1), true, Duration.ofSeconds(10), "", Duration.ZERO,
				true, 0))).containsExactlyInAnyOrder("capacity", "period", "timeout", "keyPrefix", "clockSync",
						"concurrency");
		assertThat(invalid(new ProcessorProperties(ProcessorProperties.Kind.SIMULATOR, Duration.ofSeconds(-1),
				Duration.ZERO, new ProcessorProperties.Breaker(0, 0, 0, Duration.ZERO, 0))))
			.containsExactlyInAnyOrder("latency", "timeout", "breaker.failureRateThreshold", "breaker.slidingWindowSize",
					"breaker.minimumNumberOfCalls", "breaker.waitInOpenState", "breaker.permittedCallsInHalfOpenState");
		assertThat(invalid(new RecoveryProperties(Duration.ofSeconds(-1), Duration.ZERO, 0, Duration.ZERO)))
			.containsExactlyInAnyOrder("after", "interval", "batchSize", "maxBackoff");
	}

	@Test
	void bindingANonsenseSettingFailsAndNamesIt() {
		new ApplicationContextRunner().withUserConfiguration(Settings.class)
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withPropertyValues("payments.rate-limit.concurrency=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("payments.rate-limit.concurrency"));
		new ApplicationContextRunner().withUserConfiguration(Settings.class)
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@EnableConfigurationProperties(RateLimitProperties.class)
	static class Settings {

	}

	private static Set<String> invalid(Object settings) {
		return validator.validate(settings)
			.stream()
			.map(ConstraintViolation::getPropertyPath)
			.map(Object::toString)
			.collect(Collectors.toSet());
	}

}
