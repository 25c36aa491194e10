package com.acme.payments.ratelimit;

import com.acme.payments.web.FilterOrder;
import com.acme.payments.web.ProblemWriter;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	/**
	 * One limiter call before the instance reports ready: it opens the limiter's Redis connection and
	 * reads Redis's clock, which on a cold JVM can take longer than the limiter's timeout. Without it
	 * the first requests pay that, time out and open the limiter's breaker: a few seconds unlimited
	 * (fail-open) after every start. The user cannot exist: a subject has no control characters.
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> rateLimiterWarmUp(RateLimiter limiter) {
		return (event) -> {
			for (int i = 0; i < 2; i++) {
				try {
					limiter.tryConsume("\u0000warm-up");
					return;
				}
				catch (RuntimeException ex) {
					org.slf4j.LoggerFactory.getLogger(RateLimitConfiguration.class)
						.info("Rate limiter warm-up: {}", ex.getClass().getSimpleName());
				}
			}
		};
	}

	@Bean
	RateLimiter rateLimiter(LettuceConnectionFactory redis, RateLimitProperties properties, MeterRegistry meters) {
		return new RateLimiter(redis, properties, meters);
	}

	@Bean
	FilterRegistrationBean<ConcurrencyLimitFilter> concurrencyLimitFilter(RateLimitProperties properties,
			ProblemWriter problems, MeterRegistry meters) {
		var registration = new FilterRegistrationBean<>(new ConcurrencyLimitFilter(properties, problems, meters));
		registration.setOrder(FilterOrder.CONCURRENCY_LIMIT);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimiter limiter, RateLimitProperties properties,
			ProblemWriter problems, MeterRegistry meters, CircuitBreakerRegistry breakers) {
		var registration = new FilterRegistrationBean<>(new RateLimitFilter(limiter, properties, problems, meters,
				breakers.circuitBreaker(RateLimitFilter.BREAKER)));
		registration.setOrder(FilterOrder.RATE_LIMIT);
		return registration;
	}

}
