package com.acme.payments.ratelimit;

import com.acme.payments.web.FilterOrder;
import com.acme.payments.web.ProblemWriter;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

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
