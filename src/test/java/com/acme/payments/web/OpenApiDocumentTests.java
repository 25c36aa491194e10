package com.acme.payments.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.RequiresTools;
import com.acme.payments.support.TestTools;
import com.acme.payments.support.TestTools.Tool;
import com.acme.payments.support.PaymentsTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document is how developers meet the API: it must say what the contract says. */
@PaymentsTest
class OpenApiDocumentTests {

	@Autowired
	ApiClient api;

	@Test
	void documentsChargeCreationWithEveryAnswerOfTheContract() {
		JsonNode document = this.api.get("/v3/api-docs").send().json();
		JsonNode create = document.path("paths").path("/charge").path("post");

		assertThat(create.path("operationId").asString()).isEqualTo("createCharge");
		JsonNode key = create.path("parameters").get(0);
		assertThat(key.path("name").asString()).isEqualTo("Idempotency-Key");
		assertThat(key.path("in").asString()).isEqualTo("header");
		assertThat(key.path("required").asBoolean()).isTrue();
		assertThat(key.path("schema").path("maxLength").asInt()).isEqualTo(255);
		assertThat(create.path("security").get(0).has("bearer")).isTrue();
		JsonNode responses = create.path("responses");
		assertThat(responses.propertyNames()).containsExactlyInAnyOrder("201", "400", "401", "402", "406", "408",
				"409", "411", "413", "415", "429", "503");
		for (String status : List.of("400", "401", "402", "406", "408", "409", "411", "413", "415", "429", "503")) {
			assertThat(resolve(document, responses.path(status)).path("content").has("application/problem+json"))
				.as(status)
				.isTrue();
		}
		assertThat(responses.path("201").path("headers").propertyNames()).contains("Location", "Idempotent-Replayed",
				"RateLimit", "RateLimit-Policy");
		assertThat(resolve(document, responses.path("429")).path("headers").propertyNames()).contains("Retry-After",
				"RateLimit", "RateLimit-Policy");
		assertThat(resolve(document, responses.path("503")).path("headers").propertyNames()).contains("Retry-After");
		assertThat(responses.path("409").path("description").asString()).contains("idempotency-key-reused")
			.contains("idempotency-key-in-use");
	}

	@Test
	void documentsTheBearerSchemeAndTheSchemasWithExamples() {
		JsonNode document = this.api.get("/v3/api-docs").send().json();

		JsonNode bearer = document.path("components").path("securitySchemes").path("bearer");
		assertThat(bearer.path("type").asString()).isEqualTo("http");
		assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
		JsonNode request = document.path("components").path("schemas").path("ChargeRequest");
		assertThat(request.path("required").valueStream().map(JsonNode::asString).toList())
			.contains("amount", "currency", "source");
		assertThat(request.path("properties").path("amount").path("maximum").asLong()).isEqualTo(99_999_999);
		assertThat(request.has("example")).isTrue();
		JsonNode charge = document.path("components").path("schemas").path("Charge");
		assertThat(charge.path("properties").propertyNames()).contains("id", "object", "amount", "currency", "status",
				"source", "description", "metadata", "failure_code", "created");
		assertThat(document.path("paths").path("/charges").path("get").path("operationId").asString())
			.isEqualTo("listCharges");
		assertThat(document.path("paths").path("/charges/{id}").path("get").path("operationId").asString())
			.isEqualTo("getCharge");
	}

	@Test
	void everyOperationDocumentsItsErrorsAndRateLimitHeaders() {
		JsonNode document = this.api.get("/v3/api-docs").send().json();

		for (JsonNode operation : List.of(document.path("paths").path("/charge").path("post"),
				document.path("paths").path("/charges").path("get"),
				document.path("paths").path("/charges/{id}").path("get"))) {
			String id = operation.path("operationId").asString();
			assertThat(operation.path("responses").propertyNames()).as(id).contains("401", "429", "503");
			assertThat(operation.path("description").asString()).as(id).isNotBlank();
			JsonNode success = operation.path("responses").path(id.equals("createCharge") ? "201" : "200");
			assertThat(success.path("headers").propertyNames()).as(id).contains("RateLimit", "RateLimit-Policy");
		}
		assertThat(document.path("info").path("contact").path("name").asString()).isNotBlank();
		assertThat(document.path("tags").findValuesAsString("name")).contains("Charges");
	}

	/** Problems are flat, as sent: a client generated from the document keeps every member. */
	@Test
	void problemSchemasAreFlatAndTheChargeSaysWhatIsRequiredAndWhatMayBeNull() {
		JsonNode schemas = this.api.get("/v3/api-docs").send().json().path("components").path("schemas");

		assertThat(schemas.path("CardDeclinedProblem").path("properties").propertyNames()).contains("type", "title",
				"status", "detail", "decline_code", "charge");
		assertThat(schemas.path("ValidationProblem").path("properties").path("errors").path("items").path("$ref")
			.asString()).endsWith("/FieldError");
		assertThat(schemas.path("Problem").path("properties").path("instance").path("format").asString())
			.isEqualTo("uri-reference");
		assertThat(schemas.has("ProblemDetail")).as("Spring's nested ProblemDetail is not what is sent").isFalse();
		JsonNode charge = schemas.path("Charge");
		assertThat(charge.path("required").valueStream().map(JsonNode::asString).toList()).contains("id", "amount",
				"currency", "status", "source", "description", "metadata", "failure_code", "created");
		assertThat(charge.path("properties").path("description").path("type").valueStream().map(JsonNode::asString))
			.contains("string", "null");
	}

	/** Spectral's OpenAPI rules (spectral:oas, installed by scripts/install-test-tools.sh) find nothing. */
	@Test
	@RequiresTools(Tool.SPECTRAL)
	void documentLintsCleanWithSpectral() throws Exception {
		Path document = Path.of("target", "openapi-spectral.json");
		Files.write(document, this.api.get("/v3/api-docs").send().body());

		Process lint = new ProcessBuilder(TestTools.spectral().toString(), "lint", document.toString(), "--ruleset",
				".spectral.yaml", "--fail-severity", "warn")
			.redirectErrorStream(true)
			.start();
		String report = new String(lint.getInputStream().readAllBytes());

		assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(lint.exitValue()).as(report).isZero();
		assertThat(report).contains("No results with a severity of 'warn' or higher found");
	}

	/** A response of the document, its {@code $ref} to a shared component followed. */
	static JsonNode resolve(JsonNode document, JsonNode response) {
		String ref = response.path("$ref").asString("");
		return ref.isEmpty() ? response
				: document.path("components").path("responses").path(ref.substring(ref.lastIndexOf('/') + 1));
	}

	/** An outside linter (Redocly CLI, installed by scripts/install-test-tools.sh) finds nothing to say. */
	@Test
	@RequiresTools(Tool.REDOCLY)
	void documentLintsCleanWithRedocly() throws Exception {
		Path document = Path.of("target", "openapi.json");
		Files.write(document, this.api.get("/v3/api-docs").send().body());
		Path redocly = TestTools.redocly();

		Process lint = new ProcessBuilder(redocly.toString(), "lint", document.toString(), "--format=stylish")
			.redirectErrorStream(true)
			.start();
		String report = new String(lint.getInputStream().readAllBytes());

		assertThat(lint.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(lint.exitValue()).as(report).isZero();
		assertThat(report).contains("Your API description is valid").doesNotContain(" warning ").doesNotContain(" error ");
	}

	@Test
	void swaggerUiIsPublic() {
		var answer = this.api.get("/swagger-ui/index.html").send();

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).contains("Swagger UI");
	}

}
