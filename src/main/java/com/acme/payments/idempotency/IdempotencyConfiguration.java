package com.acme.payments.idempotency;

import com.acme.payments.web.FilterOrder;
import com.acme.payments.web.ProblemWriter;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings, IdempotencyStore store,
			IdempotencyCache cache, IdempotencyProperties properties, PlatformTransactionManager transactionManager,
			ProblemWriter problems, IdempotencyMetrics metrics) {
		var filter = new IdempotencyFilter(new IdempotentHandlers(mappings), store, cache, properties,
				new TransactionTemplate(transactionManager), problems, metrics);
		var registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(FilterOrder.IDEMPOTENCY);
		return registration;
	}

}
