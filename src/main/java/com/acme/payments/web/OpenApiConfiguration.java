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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
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

	/** The {@code ProblemType} enum: every {@code type} a problem can have. */
	static final String PROBLEM_TYPE = "ProblemType";

	/** The slugs of the {@code ValidationProblem} schema: the 400s. */
	static final List<String> BAD_REQUEST_SLUGS = List.of("validation-error", "missing-idempotency-key",
			"invalid-idempotency-key");

	static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

	static final String RATE_LIMIT = "RateLimit";

	@Bean
	OpenApiCustomizer sharedAnswers(ProblemCatalog catalog) {
		return (openApi) -> {
			Components components = openApi.getComponents();
			ModelConverters.getInstance().readAll(Problem.class).forEach(components::addSchemas);
			problemTypes(components, catalog.slugs());
			Header retryAfter = header("Seconds to wait before retrying", new IntegerSchema());
			components.addResponses("Unauthorized", problem("unauthorized: no token, or an invalid one")
				.addHeaderObject("WWW-Authenticate", header("Bearer realm=\"payments\" (and the error)", new StringSchema())))
				.addResponses("TooManyRequests",
						problem("quota-exceeded, too-many-concurrent-requests or too-many-failed-authentications")
							.addHeaderObject("Retry-After", retryAfter))
				.addResponses("NotAcceptable", problem("not-acceptable: the Accept header allows neither application/json "
						+ "nor application/problem+json in UTF-8; nothing was read or charged"))
				.addResponses("Unavailable", problem("service-unavailable or processor-unavailable: retry later "
						+ "with the same request").addHeaderObject("Retry-After", retryAfter));
			rateLimitHeaders(openApi);
		};
	}

	/**
	 * {@code type} as an enum of every documented slug, so that generated clients can switch on it
	 * exhaustively; each problem schema narrows it to the types it is used for.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void problemTypes(Components components, List<String> slugs) {
		StringSchema all = new StringSchema();
		all.format("uri-reference").description("`/problems/<slug>`; GET it for the description. New types are "
				+ "added only with a new API version.");
		slugs.forEach((slug) -> all.addEnumItem(ProblemType.BASE + slug));
		all.addExtension("x-enum-varnames", names(slugs));
		components.addSchemas(PROBLEM_TYPE, all);
		Map<String, Schema> schemas = components.getSchemas();
		narrow(schemas.get("Problem"), new Schema<>().$ref("#/components/schemas/" + PROBLEM_TYPE));
		narrow(schemas.get("ValidationProblem"), enumOf(BAD_REQUEST_SLUGS));
		narrow(schemas.get("CardDeclinedProblem"), enumOf(List.of("card-declined")));
	}

	@SuppressWarnings("rawtypes")
	private static void narrow(Schema problem, Schema<?> type) {
		if (problem != null && problem.getProperties() != null) {
			problem.getProperties().put("type", type);
		}
	}

	private static Schema<?> enumOf(List<String> slugs) {
		StringSchema type = new StringSchema();
		type.format("uri-reference").description("`/problems/<slug>`; GET it for the description");
		slugs.forEach((slug) -> type.addEnumItem(ProblemType.BASE + slug));
		type.addExtension("x-enum-varnames", names(slugs));
		return type;
	}

	/** What generated clients call each value ({@code idempotency-key-reused}: IDEMPOTENCY_KEY_REUSED). */
	private static List<String> names(List<String> slugs) {
		return slugs.stream().map((slug) -> slug.replace('-', '_').toUpperCase(java.util.Locale.ROOT)).toList();
	}

	/**
	 * {@code RateLimit} and {@code RateLimit-Policy} on every answer of every operation but the 401:
	 * the limiter runs right after authentication and its headers stay on whatever comes next.
	 */
	private static void rateLimitHeaders(OpenAPI openApi) {
		Components components = openApi.getComponents();
		components.addHeaders(RATE_LIMIT_POLICY, header("The user's quota: \"per-user\";q=<requests>;w=<seconds>. "
				+ "On every answer after authentication, unless the rate limiter is unavailable", new StringSchema()));
		components.addHeaders(RATE_LIMIT, header("Where the user stands: \"per-user\";r=<left>;t=<seconds until "
				+ "full>. On every answer after authentication, unless the rate limiter is unavailable",
				new StringSchema()));
		Set<String> shared = new TreeSet<>();
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().values().forEach((path) -> path.readOperations().forEach((operation) -> {
			if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
				return;
			}
			operation.getResponses().forEach((status, response) -> {
				if ("401".equals(status)) {
					return;
				}
				if (response.get$ref() != null) {
					shared.add(response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1));
				}
				else {
					addRateLimitHeaders(response);
				}
			});
		}));
		shared.remove("Unauthorized");
		shared.forEach((name) -> addRateLimitHeaders(components.getResponses().get(name)));
	}

	private static void addRateLimitHeaders(ApiResponse response) {
		if (response != null) {
			response.addHeaderObject(RATE_LIMIT_POLICY, new Header().$ref("#/components/headers/" + RATE_LIMIT_POLICY))
				.addHeaderObject(RATE_LIMIT, new Header().$ref("#/components/headers/" + RATE_LIMIT));
		}
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
