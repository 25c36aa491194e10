package com.acme.payments.web;

import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.properties.SwaggerUiConfigParameters;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springdoc.core.providers.SpringWebProvider;
import org.springdoc.webmvc.ui.SwaggerWelcomeWebMvc;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Swagger UI's configuration document ({@code /v3/api-docs/swagger-config}) names only what is
 * configured: springdoc would otherwise make {@code oauth2RedirectUrl} absolute from the request's
 * {@code Host} and forwarded headers, handing a client's own text back as a URL of ours.
 */
@Configuration(proxyBeanMethods = false)
class SwaggerUiConfiguration {

	@Bean
	SwaggerWelcomeWebMvc swaggerWelcome(SwaggerUiConfigProperties swaggerUi, SpringDocConfigProperties springDoc,
			ObjectProvider<SpringWebProvider> springWeb) {
		return new SwaggerWelcomeWebMvc(swaggerUi, springDoc, springWeb) {

			@Override
			protected void calculateOauth2RedirectUrl(SwaggerUiConfigParameters parameters,
					UriComponentsBuilder fromRequest) {
				parameters.setOauth2RedirectUrl(swaggerUi.getOauth2RedirectUrl());
			}

		};
	}

}
