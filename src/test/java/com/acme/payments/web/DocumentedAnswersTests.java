package com.acme.payments.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.acme.payments.processor.DeclineCodes;
import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the OpenAPI document says, checked against real answers of every kind: each answer that
 * carries the rate-limit headers documents them for its status, every problem names its
 * {@code instance} and has a {@code type} of the document's enum, and the enums are exactly the
 * problem types the code declares and the decline codes the processors may answer.
 */
@PaymentsTest(properties = { "payments.rate-limit.capacity=40", "payments.rate-limit.period=1h" })
class DocumentedAnswersTests {

	@Autowired
	ApiClient api;

	final String user = TestTokens.newUser();

	@Test
	void everyAnswerCarriesWhatTheDocumentSaysForItsStatus() {
		com.acme.payments.support.RateLimiterReady.await(this.api);
		JsonNode document = this.api.get("/v3/api-docs").send().json();
		String key = ApiClient.newKey();
		Answer created = this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send();
		String id = created.json().path("id").asString();
		List<Sent> answers = new ArrayList<>(List.of(
				new Sent("/charge", "post", created),
				new Sent("/charge", "post", this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send()),
				new Sent("/charge", "post", this.api.charge(this.user, key, ApiClient.CHARGE_BODY.replace("1999", "1998")).send()),
				new Sent("/charge", "post", this.api.charge(this.user, ApiClient.newKey(),
						"{\"amount\": 0, \"currency\": \"usd\", \"source\": \"tok_visa\"}").send()),
				new Sent("/charge", "post", this.api.post("/charge").as(this.user).json(ApiClient.CHARGE_BODY).send()),
				new Sent("/charge", "post", this.api.charge(this.user, ApiClient.newKey(),
						"{\"amount\": 700, \"currency\": \"usd\", \"source\": \"tok_insufficientFunds\"}").send()),
				new Sent("/charge", "post", this.api.charge(this.user, ApiClient.newKey(),
						"{\"amount\": 700, \"currency\": \"usd\", \"source\": \"tok_processingError\"}").send()),
				new Sent("/charge", "post", this.api.post("/charge").as(this.user).key(ApiClient.newKey())
					.header("Content-Type", "text/plain").body("hello".getBytes(StandardCharsets.UTF_8)).send()),
				new Sent("/charge", "post", this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY)
					.header("Accept", "text/html").send()),
				new Sent("/charge", "post", this.api.charge(this.user, ApiClient.newKey(),
						"{\"amount\": 1, \"currency\": \"usd\", \"source\": \"" + "x".repeat(70_000) + "\"}").send()),
				new Sent("/charge", "post", this.api.post("/charge").key(ApiClient.newKey()).json(ApiClient.CHARGE_BODY).send()),
				new Sent("/charges/{id}", "get", this.api.get("/charges/" + id).as(this.user).send()),
				new Sent("/charges/{id}", "get", this.api.get("/charges/ch_nope").as(this.user).send()),
				new Sent("/charges", "get", this.api.get("/charges?limit=2").as(this.user).send()),
				new Sent("/charges", "get", this.api.get("/charges?limit=0").as(this.user).send())));
		Answer limited = null;
		for (int i = 0; i < 60 && limited == null; i++) {
			Answer answer = this.api.get("/charges?limit=1").as(this.user).send();
			limited = (answer.status() == 429) ? answer : null;
		}
		assertThat(limited).isNotNull();
		answers.add(new Sent("/charges", "get", limited));

		Set<String> statuses = new TreeSet<>();
		Set<String> types = enumOf(document, "ProblemType");
		for (Sent sent : answers) {
			Answer answer = sent.answer();
			String status = Integer.toString(answer.status());
			statuses.add(status);
			JsonNode documented = OpenApiDocumentTests.resolve(document,
					document.path("paths").path(sent.path()).path(sent.method()).path("responses").path(status));
			assertThat(documented.isMissingNode()).as("%s %s answers %s, which the document lists", sent.method(),
					sent.path(), status).isFalse();
			if (answer.header("RateLimit") != null) {
				assertThat(documented.path("headers").propertyNames()).as("%s %s %s carries RateLimit", sent.method(),
						sent.path(), status).contains("RateLimit", "RateLimit-Policy");
			}
			if (answer.header("Content-Type") != null && answer.header("Content-Type").startsWith("application/problem+json")) {
				JsonNode problem = answer.json();
				assertThat(problem.path("instance").asString()).as("%s %s %s names its instance", sent.method(),
						sent.path(), status).startsWith(sent.path().replace("{id}", ""));
				assertThat(types).as("the document's ProblemType lists %s", problem.path("type").asString())
					.contains(problem.path("type").asString());
			}
		}
		assertThat(statuses).as("the answers this test meant to produce")
			.contains("200", "201", "400", "401", "402", "404", "406", "409", "413", "415", "429", "503");
	}

	@Test
	void theEnumsAreTheDeclaredProblemTypesAndTheDeclineCodes() throws Exception {
		JsonNode document = this.api.get("/v3/api-docs").send().json();

		Set<String> declared = new TreeSet<>();
		ProblemTypesTests.declaredProblemTypes().forEach((type) -> declared.add(type.uri().toString()));

		assertThat(enumOf(document, "ProblemType")).isEqualTo(declared);
		assertThat(enumOf(document, "DeclineCode")).isEqualTo(new TreeSet<>(DeclineCodes.all()))
			.contains("insufficient_funds", "generic_decline", "invalid_source", "card_declined");
		JsonNode schemas = document.path("components").path("schemas");
		assertThat(schemas.path("CardDeclinedProblem").path("properties").path("decline_code").path("$ref").asString())
			.endsWith("/DeclineCode");
		assertThat(schemas.path("Charge").path("properties").path("failure_code").path("anyOf").findValuesAsString("$ref"))
			.containsExactly("#/components/schemas/DeclineCode");
	}

	private static Set<String> enumOf(JsonNode document, String schema) {
		Set<String> values = new TreeSet<>();
		document.path("components").path("schemas").path(schema).path("enum").forEach((value) -> values.add(value.asString()));
		return values;
	}

	private record Sent(String path, String method, Answer answer) {
	}

}
