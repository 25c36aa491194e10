package com.acme.payments.reliability;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.acme.payments.support.PaymentsTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * While a breaker is open (Redis or the processor down), every request meets its refusal, as an
 * exception the service catches and answers from. Those refusals carry no stack trace: filling one
 * in, through the whole filter chain, would cost more than the request's own work. Each breaker's
 * configuration, as the service built it, is tried on a breaker of its own, so that the service's
 * breakers stay closed for other tests.
 */
@PaymentsTest
class OpenBreakerRefusalTests {

	@Autowired
	CircuitBreakerRegistry breakers;

	@ParameterizedTest
	@ValueSource(strings = { "redis-ratelimit", "redis-cache", "processor" })
	void anOpenBreakerRefusesWithoutBuildingAStackTrace(String name) {
		CircuitBreaker configured = this.breakers.find(name).orElseThrow();
		CircuitBreaker open = CircuitBreaker.of(name + "-probe", configured.getCircuitBreakerConfig());
		open.transitionToOpenState();

		CallNotPermittedException refusal = catchThrowableOfType(CallNotPermittedException.class,
				() -> open.executeSupplier(() -> "called"));

		assertThat(refusal).as("an open breaker refuses").isNotNull();
		assertThat(refusal.getStackTrace()).as("the refusal of %s", name).isEmpty();
	}

}
