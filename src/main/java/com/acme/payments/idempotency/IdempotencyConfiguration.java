package com.acme.payments.idempotency;

import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.web.FilterOrder;
import com.acme.payments.web.ProblemWriter;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.SmartValidator;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

	@Bean
	IdempotentExecution idempotentExecution(IdempotencyStore store, IdempotencyCache cache,
			IdempotencyProperties properties, RecoveryProperties recovery, IdempotencyMetrics metrics) {
		return new IdempotentExecution(store, cache, properties, recovery, metrics);
	}

	@Bean
	static SmartInitializingSingleton validatedBodies(
			@Qualifier("requestMappingHandlerAdapter") ObjectProvider<RequestMappingHandlerAdapter> adapter) {
		return () -> ValidatedBodyResolver.installer(adapter.getObject()).afterSingletonsInstantiated();
	}

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings,
			JsonMapper json, @Qualifier("mvcValidator") Validator validator, IdempotentExecution execution,
			ProblemWriter problems) {
		// Spring MVC's own validator, so that a body refused here is refused exactly as MVC would.
		if (!(validator instanceof SmartValidator mvc)) {
			throw new IllegalStateException("Spring MVC's validator does not take validation hints: " + validator);
		}
		var handlers = new IdempotentHandlers(mappings, json, mvc);
		var filter = new IdempotencyFilter(handlers, execution, problems);
		var registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(FilterOrder.IDEMPOTENCY);
		return registration;
	}

}
