package com.acme.payments.charge;

import java.util.List;

import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import com.acme.payments.processor.DeclineCodes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code DeclineCode} enum of the OpenAPI document: what {@code decline_code} (of a
 * {@code card-declined} problem) and {@code failure_code} (of a failed charge) can be.
 */
@Configuration(proxyBeanMethods = false)
class DeclineCodeSchema {

	static final String NAME = "DeclineCode";

	@Bean
	@SuppressWarnings({ "rawtypes", "unchecked" })
	OpenApiCustomizer declineCodes() {
		return (openApi) -> {
			StringSchema codes = new StringSchema();
			codes.description("Why the card was declined. Stripe's decline codes, and invalid_source for a source "
					+ "the processor does not know; any other reason is generic_decline. New codes are added only "
					+ "with a new API version.");
			DeclineCodes.all().forEach(codes::addEnumItem);
			// generated clients name the values as they are, upper-cased (INSUFFICIENT_FUNDS)
			codes.addExtension("x-enum-varnames",
					DeclineCodes.all().stream().map((code) -> code.toUpperCase(java.util.Locale.ROOT)).toList());
			openApi.getComponents().addSchemas(NAME, codes);
			String ref = "#/components/schemas/" + NAME;
			Schema declined = openApi.getComponents().getSchemas().get("CardDeclinedProblem");
			if (declined != null) {
				declined.getProperties().put("decline_code", new Schema<>().$ref(ref));
			}
			Schema charge = openApi.getComponents().getSchemas().get("Charge");
			if (charge != null) {
				Schema<Object> failure = new Schema<>();
				failure.description("The decline code of a failed charge, null when it succeeded")
					.anyOf(List.of(new Schema<>().$ref(ref), new Schema<>().types(new java.util.LinkedHashSet<>(List.of("null")))));
				charge.getProperties().put("failure_code", failure);
			}
		};
	}

}
