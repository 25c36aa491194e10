package com.acme.payments.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Contact;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

import com.acme.payments.web.ProblemSchemas.Problem;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's OpenAPI description at {@code /v3/api-docs}, browsable at {@code /swagger-ui.html}: the
 * headers and answers every API operation shares (401, 429, 503, rate-limit headers) as components.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
		info = @Info(title = "Payments API", version = "v1",
				description = "Idempotent, rate-limited charges for mobile and web clients. Every request carries a "
						+ "bearer JWT; every error is application/problem+json (RFC 9457) whose type, "
						+ "/problems/<slug>, describes it. The full reference is docs/api.md in the repository.",
				contact = @Contact(name = "Payments team", email = "payments-team@acme.example"),
				license = @License(name = "Proprietary", identifier = "LicenseRef-Acme-Proprietary")),
		servers = @Server(url = "/", description = "This service"),
		tags = @Tag(name = "Charges", description = "Create, read and list charges"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
		description = "A JWT whose sub is the user. Running locally (profile local), the service logs a ready-to-use token for the user demo-user at start-up: copy the export TOKEN=... line (README, \"Your first charge\")")
class OpenApiConfiguration {

	static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	OpenApiCustomizer sharedAnswers() {
		return (openApi) -> {
			Components components = openApi.getComponents();
			ModelConverters.getInstance().readAll(Problem.class).forEach(components::addSchemas);
			Header retryAfter = header("Seconds to wait before retrying", new IntegerSchema());
			components.addResponses("Unauthorized", problem("unauthorized: no token, or an invalid one")
				.addHeaderObject("WWW-Authenticate", header("Bearer realm=\"payments\" (and the error)", new StringSchema())))
				.addResponses("TooManyRequests",
						problem("quota-exceeded, too-many-concurrent-requests or too-many-failed-authentications")
							.addHeaderObject("Retry-After", retryAfter)
							.addHeaderObject("RateLimit-Policy",
									header("The user's quota: \"per-user\";q=<requests>;w=<seconds>", new StringSchema()))
							.addHeaderObject("RateLimit", header(
									"Where the user stands: \"per-user\";r=<left>;t=<seconds until full>", new StringSchema())))
				.addResponses("NotAcceptable", problem("not-acceptable: the Accept header allows neither application/json "
						+ "nor application/problem+json in UTF-8; nothing was read or charged"))
				.addResponses("Unavailable", problem("service-unavailable or processor-unavailable: retry later "
						+ "with the same request").addHeaderObject("Retry-After", retryAfter));
		};
	}

	private static Header header(String description, Schema<?> schema) {
		return new Header().description(description).schema(schema);
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
	}

}
