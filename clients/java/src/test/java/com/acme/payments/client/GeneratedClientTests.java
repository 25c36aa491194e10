package com.acme.payments.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.client.ApiClient;
import com.acme.payments.client.ApiException;
import com.acme.payments.client.ApiResponse;
import com.acme.payments.client.api.ChargesApi;
import com.acme.payments.client.model.CardDeclinedProblem;
import com.acme.payments.client.model.Charge;
import com.acme.payments.client.model.ChargeList;
import com.acme.payments.client.model.ChargeRequest;
import com.acme.payments.client.model.DeclineCode;
import com.acme.payments.client.model.Problem;
import com.acme.payments.client.model.ProblemType;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Java client generated at build time (openapi-generator, pinned) from the OpenAPI snapshot in
 * src/test/openapi, used as a client developer would. The snapshot must equal what the service
 * serves, so the document, the generated client and the service cannot drift apart unnoticed.
 */
@PaymentsTest(properties = { "payments.rate-limit.capacity=8", "payments.rate-limit.period=1h" })
class GeneratedClientTests {

	static final Path SNAPSHOT = Path.of("src", "test", "openapi", "payments-api.json");

	@Autowired
	com.acme.payments.support.ApiClient api;

	@Autowired
	Environment environment;

	final String user = TestTokens.newUser();

	@Test
	void theSnapshotTheClientIsGeneratedFromIsWhatTheServiceServes() throws Exception {
		JsonMapper json = JsonMapper.builder().build();
		JsonNode served = this.api.get("/v3/api-docs").send().json();
		if (Boolean.getBoolean("openapi.snapshot.update")) {
			// ./mvnw test -Dtest=GeneratedClientTests -Dopenapi.snapshot.update=true, when the API changed on purpose
			Files.writeString(SNAPSHOT, json.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");
		}
		JsonNode snapshot = json.readTree(Files.readString(SNAPSHOT));

		assertThat(served).as("the OpenAPI document changed: copy /v3/api-docs to %s and regenerate", SNAPSHOT)
			.isEqualTo(snapshot);
	}

	@Test
	void createsReplaysAndListsChargesWithTypedAnswers() throws Exception {
		ChargesApi charges = client(this.user);
		String key = "order-" + UUID.randomUUID();
		ChargeRequest request = new ChargeRequest().amount(1999L).currency("usd").source("tok_visa")
			.description("Order 1234").metadata(Map.of("order_id", "1234"));

		ApiResponse<Charge> created = charges.createChargeWithHttpInfo(key, request);
		ApiResponse<Charge> replayed = charges.createChargeWithHttpInfo(key, request);
		charges.createCharge("order-" + UUID.randomUUID(), request.amount(500L).description(null).metadata(null));

		assertThat(created.getStatusCode()).isEqualTo(201);
		assertThat(header(created.getHeaders(), "Idempotent-Replayed")).isEqualTo("false");
		assertThat(header(replayed.getHeaders(), "Idempotent-Replayed")).isEqualTo("true");
		assertThat(replayed.getData()).isEqualTo(created.getData());
		Charge charge = created.getData();
		assertThat(charge.getStatus()).isEqualTo(Charge.StatusEnum.SUCCEEDED);
		assertThat(charge.getFailureCode()).isNull();
		assertThat(charge.getMetadata()).containsEntry("order_id", "1234");
		assertThat(charges.getCharge(charge.getId())).isEqualTo(charge);

		ChargeList first = charges.listCharges(1, null);
		ChargeList second = charges.listCharges(1, first.getData().get(0).getId());
		assertThat(first.getHasMore()).isTrue();
		assertThat(second.getHasMore()).isFalse();
		assertThat(second.getData()).extracting(Charge::getId).containsExactly(charge.getId());
		assertThat(first.getData().get(0).getDescription()).as("null, as the document says it may be").isNull();
	}

	@Test
	void declinesConflictsAndRateLimitsAreTypedProblems() throws Exception {
		ChargesApi charges = client(this.user);
		ObjectMapper mapper = com.acme.payments.client.ApiClient.createDefaultObjectMapper();
		ChargeRequest declined = new ChargeRequest().amount(700L).currency("usd").source("tok_insufficientFunds");

		ApiException decline = catchApi(() -> charges.createCharge("k-" + UUID.randomUUID(), declined));
		assertThat(decline.getCode()).isEqualTo(402);
		CardDeclinedProblem problem = mapper.readValue(decline.getResponseBody(), CardDeclinedProblem.class);
		assertThat(problem.getDeclineCode()).isEqualTo(DeclineCode.INSUFFICIENT_FUNDS);
		assertThat(problem.getCharge()).startsWith("ch_");
		assertThat(charges.getCharge(problem.getCharge()).getStatus()).isEqualTo(Charge.StatusEnum.FAILED);

		String key = "k-" + UUID.randomUUID();
		charges.createCharge(key, new ChargeRequest().amount(100L).currency("usd").source("tok_visa"));
		ApiException reused = catchApi(
				() -> charges.createCharge(key, new ChargeRequest().amount(101L).currency("usd").source("tok_visa")));
		assertThat(reused.getCode()).isEqualTo(409);
		assertThat(mapper.readValue(reused.getResponseBody(), Problem.class).getType())
			.isEqualTo(ProblemType.IDEMPOTENCY_KEY_REUSED);

		ApiException limited = null;
		for (int i = 0; i < 10 && limited == null; i++) {
			try {
				charges.listCharges(1, null);
			}
			catch (ApiException ex) {
				limited = ex;
			}
		}
		assertThat(limited).isNotNull();
		assertThat(limited.getCode()).isEqualTo(429);
		assertThat(limited.getResponseHeaders().firstValue("Retry-After")).isPresent();
		assertThat(mapper.readValue(limited.getResponseBody(), Problem.class).getType())
			.isEqualTo(ProblemType.QUOTA_EXCEEDED);
	}

	private ChargesApi client(String user) {
		ApiClient client = new ApiClient();
		client.updateBaseUri("http://localhost:" + this.environment.getProperty("local.server.port"));
		String token = TestTokens.forUser(user);
		client.setRequestInterceptor((request) -> request.header("Authorization", "Bearer " + token));
		return new ChargesApi(client);
	}

	private static String header(Map<String, List<String>> headers, String name) {
		return headers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.map((entry) -> entry.getValue().get(0))
			.findFirst()
			.orElse(null);
	}

	private static ApiException catchApi(ThrowingCall call) {
		try {
			call.run();
		}
		catch (ApiException ex) {
			return ex;
		}
		throw new AssertionError("expected an error answer");
	}

	private interface ThrowingCall {

		void run() throws ApiException;

	}

}
