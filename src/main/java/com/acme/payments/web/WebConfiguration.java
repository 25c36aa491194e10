package com.acme.payments.web;

import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/**
	 * No single read of a connection waits longer than a whole body may take; and a body left unread
	 * by an early answer (429, 413, 408, 401) is not swallowed: the connection is closed, so a slow
	 * client cannot hold the thread after its answer either.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> slowClientLimits(HttpProperties http) {
		return slowClientLimitsOf(http);
	}

	/** Also the management server's, on its own port: {@link ManagementServerConfiguration}. */
	static WebServerFactoryCustomizer<TomcatServletWebServerFactory> slowClientLimitsOf(HttpProperties http) {
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("connectionTimeout", Long.toString(http.bodyTimeout().toMillis()));
			if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
				protocol.setMaxSwallowSize(0);
			}
		});
	}

	@Bean
	static TomcatBaseDirectory tomcatBaseDirectory() {
		return new TomcatBaseDirectory();
	}

	@Bean
	FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
		var registration = new FilterRegistrationBean<>(new RequestLogFilter());
		registration.setOrder(FilterOrder.REQUEST_LOG);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RepresentationFilter> representationFilter(ProblemWriter problems) {
		var registration = new FilterRegistrationBean<>(new RepresentationFilter(problems));
		registration.setOrder(FilterOrder.REPRESENTATION);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ProblemWriter problems,
			HttpProperties http) {
		var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(problems, http.bodyTimeout()));
		registration.setOrder(FilterOrder.BODY_LIMIT);
		return registration;
	}

}
