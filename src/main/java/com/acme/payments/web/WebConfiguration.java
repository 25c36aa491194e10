package com.acme.payments.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
		var registration = new FilterRegistrationBean<>(new RequestLogFilter());
		registration.setOrder(FilterOrder.REQUEST_LOG);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ProblemWriter problems) {
		var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(problems));
		registration.setOrder(FilterOrder.BODY_LIMIT);
		return registration;
	}

}
