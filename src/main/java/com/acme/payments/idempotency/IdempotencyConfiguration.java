package com.acme.payments.idempotency;

import jakarta.validation.Validator;
import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.web.FilterOrder;
import com.acme.payments.web.ProblemWriter;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
			JsonMapper json, Validator validator, IdempotentExecution execution, ProblemWriter problems) {
		var handlers = new IdempotentHandlers(mappings, json, validator);
		var filter = new IdempotencyFilter(handlers, execution, problems);
		var registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(FilterOrder.IDEMPOTENCY);
		return registration;
	}

}
