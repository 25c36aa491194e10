package com.acme.payments.processor;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The processor the service charges through: the adapter {@code payments.processor.kind} chose,
 * behind its circuit breaker. A service with no kind set does not start: a payments service must
 * never quietly run a fake.
 */
@Configuration(proxyBeanMethods = false)
class ProcessorConfiguration {

	static final String BREAKER = "processor";

	@Bean
	ProcessorGuard processorGuard(ProcessorProperties properties, ObjectProvider<PaymentProcessor> adapters,
			CircuitBreakerRegistry breakers, MeterRegistry meters) {
		if (properties.kind() == null) {
			throw new ProcessorMisconfigured("No payment processor is chosen: payments.processor.kind is not set.",
					"Set payments.processor.kind (env PAYMENTS_PROCESSOR_KIND) to 'stripe' to take real payments "
							+ "(docs/processors.md), or to 'simulator' for development and tests; the 'local' "
							+ "profile sets 'simulator'.");
		}
		ProcessorProperties.Breaker settings = properties.breaker();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumNumberOfCalls())
			.failureRateThreshold(settings.failureRateThreshold())
			.waitDurationInOpenState(settings.waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
			.recordExceptions(ProcessorUnavailable.class, ProcessorOutcomeUnknown.class)
			.ignoreExceptions(ProcessorRejectedRequest.class)
			// an open breaker refuses every charge at once: no stack trace for each refusal
			.writableStackTraceEnabled(false)
			.build();
		CircuitBreaker breaker = breakers.circuitBreaker(BREAKER, config);
		return new ProcessorGuard(adapters.getObject(), breaker, settings, meters);
	}

	/**
	 * The breaker in {@code /actuator/health} for ops: {@code UP} while closed or probing, and
	 * {@code UNKNOWN} while open (an open breaker must not take instances out of rotation: reads and
	 * replays still work). It is not in the readiness group.
	 */
	@Bean
	HealthIndicator processorHealthIndicator(ProcessorGuard guard) {
		return () -> {
			CircuitBreaker.State state = guard.state();
			return ((state == CircuitBreaker.State.OPEN) ? Health.unknown() : Health.up()).withDetail("breaker",
					state.name().toLowerCase(java.util.Locale.ROOT))
				.build();
		};
	}

}
