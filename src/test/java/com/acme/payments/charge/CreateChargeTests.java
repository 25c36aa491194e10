package com.acme.payments.charge;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.Books;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@PaymentsTest
class CreateChargeTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	final String user = TestTokens.newUser();

	@Test
	void chargesAndAnswersTheChargeObjectWithLocation() {
		Answer answer = this.api.charge(this.user, ApiClient.newKey(), """
				{"amount": 1999, "currency": "USD", "source": "tok_visa",
				 "description": "Order 1234", "metadata": {"order_id": "1234"}}""").send();

		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.header("Content-Type")).startsWith("application/json");
		assertThat(answer.header("Idempotent-Replayed")).isEqualTo("false");
		JsonNode charge = answer.json();
		assertThat(charge.path("id").asString()).matches("ch_[0-9A-Za-z]{24}");
		assertThat(answer.header("Location")).isEqualTo("/charges/" + charge.path("id").asString());
		assertThat(charge.path("object").asString()).isEqualTo("charge");
		assertThat(charge.path("amount").asLong()).isEqualTo(1999);
		assertThat(charge.path("currency").asString()).isEqualTo("usd");
		assertThat(charge.path("status").asString()).isEqualTo("succeeded");
		assertThat(charge.path("source").asString()).isEqualTo("tok_visa");
		assertThat(charge.path("description").asString()).isEqualTo("Order 1234");
		assertThat(charge.path("metadata").path("order_id").asString()).isEqualTo("1234");
		assertThat(charge.has("failure_code")).isTrue();
		assertThat(charge.path("failure_code").isNull()).isTrue();
		assertThat(charge.path("created").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(chargesOf(this.user)).isEqualTo(1);
	}

	@Test
	void acceptsEveryCardTokenThatSucceeds() {
		for (String source : new String[] { "tok_visa", "tok_mastercard", "tok_amex" }) {
			Answer answer = this.api.charge(this.user, ApiClient.newKey(), body(source)).send();
			assertThat(answer.status()).as(source).isEqualTo(201);
			assertThat(answer.json().path("status").asString()).isEqualTo("succeeded");
		}
	}

	@ParameterizedTest
	@MethodSource("declines")
	void declinedCardIsA402NamingTheRecordedFailedCharge(String source, String declineCode) {
		Answer answer = this.api.charge(this.user, ApiClient.newKey(), body(source)).send();

		assertThat(answer.status()).isEqualTo(402);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.problemType()).isEqualTo("card-declined");
		assertThat(answer.json().path("decline_code").asString()).isEqualTo(declineCode);
		String chargeId = answer.json().path("charge").asString();
		Answer stored = this.api.get("/charges/" + chargeId).as(this.user).send();
		assertThat(stored.status()).isEqualTo(200);
		assertThat(stored.json().path("status").asString()).isEqualTo("failed");
		assertThat(stored.json().path("failure_code").asString()).isEqualTo(declineCode);
		Answer list = this.api.get("/charges").as(this.user).send();
		assertThat(list.json().path("data").get(0).path("id").asString()).isEqualTo(chargeId);
	}

	static Stream<Arguments> declines() {
		return Stream.of(Arguments.of("tok_chargeDeclined", "generic_decline"),
				Arguments.of("tok_insufficientFunds", "insufficient_funds"));
	}

	@Test
	void processingErrorIsA503WithRetryAfterAndRecordsNothing() {
		Answer answer = this.api.charge(this.user, ApiClient.newKey(), body("tok_processingError")).send();

		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.problemType()).isEqualTo("processor-unavailable");
		assertThat(Integer.parseInt(answer.header("Retry-After"))).isGreaterThanOrEqualTo(1);
		assertThat(chargesOf(this.user)).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidBodies")
	void rejectsInvalidBodyWithAValidationProblemNamingTheField(String name, String body, String field) {
		Answer answer = this.api.charge(this.user, ApiClient.newKey(), body).send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.problemType()).isEqualTo("validation-error");
		assertThat(answer.json().path("errors").findValuesAsString("field")).contains(field);
		assertThat(answer.json().path("errors").get(0).path("message").asString()).isNotBlank();
		assertThat(chargesOf(this.user)).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE user_id = ?").param(this.user)
			.query(Long.class).single()).as("an invalid body claims no key and writes nothing").isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "UTF-16BE", "UTF-16LE", "UTF-16" })
	void bodyInUtf16IsA400AndChargesNothing(String charset) {
		byte[] body = "{\"amount\":100,\"currency\":\"usd\",\"source\":\"tok_visa\"}"
			.getBytes(java.nio.charset.Charset.forName(charset));

		Answer answer = this.api.post("/charge").as(this.user).key(ApiClient.newKey())
			.header("Content-Type", "application/json").body(body).send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.problemType()).isEqualTo("validation-error");
		assertThat(answer.json().path("errors").get(0).path("message").asString()).contains("UTF-8");
		assertThat(chargesOf(this.user)).isZero();
	}

	static Stream<Arguments> invalidBodies() {
		String meta50 = metadata(51, 1, 1);
		return Stream.of(Arguments.of("amount missing", "{\"currency\":\"usd\",\"source\":\"tok_visa\"}", "amount"),
				Arguments.of("amount zero", "{\"amount\":0,\"currency\":\"usd\",\"source\":\"tok_visa\"}", "amount"),
				Arguments.of("amount negative", "{\"amount\":-5,\"currency\":\"usd\",\"source\":\"tok_visa\"}",
						"amount"),
				Arguments.of("amount too large",
						"{\"amount\":100000000,\"currency\":\"usd\",\"source\":\"tok_visa\"}", "amount"),
				Arguments.of("amount fractional",
						"{\"amount\":19.99,\"currency\":\"usd\",\"source\":\"tok_visa\"}", "amount"),
				Arguments.of("amount as string",
						"{\"amount\":\"1999\",\"currency\":\"usd\",\"source\":\"tok_visa\"}", "amount"),
				Arguments.of("amount overflowing a long",
						"{\"amount\":99999999999999999999999,\"currency\":\"usd\",\"source\":\"tok_visa\"}", "amount"),
				Arguments.of("currency missing", "{\"amount\":1,\"source\":\"tok_visa\"}", "currency"),
				Arguments.of("currency unknown", "{\"amount\":1,\"currency\":\"abc\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency too long", "{\"amount\":1,\"currency\":\"usdd\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency a number", "{\"amount\":1,\"currency\":840,\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency for no money", "{\"amount\":1,\"currency\":\"XXX\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency for tests", "{\"amount\":1,\"currency\":\"xts\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency gold", "{\"amount\":1,\"currency\":\"XAU\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency silver", "{\"amount\":1,\"currency\":\"xag\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency special drawing rights",
						"{\"amount\":1,\"currency\":\"XDR\",\"source\":\"tok_visa\"}", "currency"),
				Arguments.of("currency bond unit", "{\"amount\":1,\"currency\":\"XBA\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency folded by Unicode (long s)", "{\"amount\":1,\"currency\":\"uſd\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency folded by Unicode (dotless i)", "{\"amount\":1,\"currency\":\"ınr\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency withdrawn (Deutsche Mark)", "{\"amount\":1,\"currency\":\"DEM\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency withdrawn (peseta)", "{\"amount\":1,\"currency\":\"esp\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency withdrawn (Zimbabwe 2008)", "{\"amount\":1,\"currency\":\"ZWD\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency withdrawn (Andorran peseta)", "{\"amount\":1,\"currency\":\"ADP\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency fund (Bolivian Mvdol)", "{\"amount\":1,\"currency\":\"BOV\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency fund (WIR euro)", "{\"amount\":1,\"currency\":\"CHE\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency fund (US next day)", "{\"amount\":1,\"currency\":\"usn\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency withdrawn (kuna)", "{\"amount\":1,\"currency\":\"HRK\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("currency fullwidth letters", "{\"amount\":1,\"currency\":\"ＵＳＤ\",\"source\":\"tok_visa\"}",
						"currency"),
				Arguments.of("NUL in description", "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\","
						+ "\"description\":\"a\\u0000b\"}", "description"),
				Arguments.of("lone surrogate in description",
						"{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\",\"description\":\"\\ud800x\"}",
						"description"),
				Arguments.of("NUL in source", "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_\\u0000\"}",
						"source"),
				Arguments.of("NUL in a metadata key", "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\","
						+ "\"metadata\":{\"a\\u0000\":\"b\"}}", "metadata"),
				Arguments.of("NUL in a metadata value", "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\","
						+ "\"metadata\":{\"a\":\"b\\u0000\"}}", "metadata"),
				Arguments.of("source missing", "{\"amount\":1,\"currency\":\"usd\"}", "source"),
				Arguments.of("source blank", "{\"amount\":1,\"currency\":\"usd\",\"source\":\"  \"}", "source"),
				Arguments.of("source too long",
						"{\"amount\":1,\"currency\":\"usd\",\"source\":\"" + "x".repeat(256) + "\"}", "source"),
				Arguments.of("description too long", "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\","
						+ "\"description\":\"" + "d".repeat(1001) + "\"}", "description"),
				Arguments.of("metadata not an object",
						"{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\",\"metadata\":[1]}", "metadata"),
				Arguments.of("metadata value not a string",
						"{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\",\"metadata\":{\"a\":1}}",
						"metadata.a"),
				Arguments.of("metadata value null",
						"{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\",\"metadata\":{\"a\":null}}",
						"metadata"),
				Arguments.of("metadata over 50 keys",
						"{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\",\"metadata\":" + meta50 + "}",
						"metadata"),
				Arguments.of("metadata key over 40 chars", "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\","
						+ "\"metadata\":" + metadata(1, 41, 1) + "}", "metadata"),
				Arguments.of("metadata value over 500 chars", "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\","
						+ "\"metadata\":" + metadata(1, 1, 501) + "}", "metadata"),
				Arguments.of("unknown field",
						"{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\",\"capture\":true}", "capture"),
				Arguments.of("duplicate field",
						"{\"amount\":1,\"amount\":2,\"currency\":\"usd\",\"source\":\"tok_visa\"}", "body"),
				Arguments.of("not JSON", "amount=1", "body"), Arguments.of("empty body", "", "body"),
				Arguments.of("JSON array", "[]", "body"),
				Arguments.of("trailing garbage", "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\"} x",
						"body"));
	}

	/** Overlong forms and a code point above U+10FFFF pass Jackson's parser; a surrogate it rejects itself. */
	@ParameterizedTest
	@ValueSource(strings = { "C0AF", "E080AF", "EDA080", "F4908080" })
	void bodyThatIsNotUtf8IsA400AndChargesNothing(String invalidHex) {
		// ISO-8859-1 maps each char to the byte of the same value: the invalid bytes go out as they are
		String invalid = new String(HexFormat.of().parseHex(invalidHex), StandardCharsets.ISO_8859_1);
		byte[] body = ("{\"amount\":100,\"currency\":\"usd\",\"source\":\"tok_" + invalid + "\"}")
			.getBytes(StandardCharsets.ISO_8859_1);

		Answer answer = this.api.post("/charge")
			.as(this.user)
			.key(ApiClient.newKey())
			.header("Content-Type", "application/json")
			.body(body)
			.send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.problemType()).isEqualTo("validation-error");
		assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("body");
		assertThat(answer.json().path("errors").get(0).path("message").asString()).isEqualTo("is not valid UTF-8");
		assertThat(chargesOf(this.user)).isZero();
	}

	@Test
	void acceptsLimitsAtTheirEdges() {
		String body = "{\"amount\":99999999,\"currency\":\"jpy\",\"source\":\"tok_visa\",\"description\":\""
				+ "d".repeat(1000) + "\",\"metadata\":" + metadata(50, 40, 500) + "}";
		Answer answer = this.api.charge(this.user, ApiClient.newKey(), body).send();

		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.json().path("metadata").size()).isEqualTo(50);
		assertThat(answer.json().path("currency").asString()).isEqualTo("jpy");
	}

	@Test
	void bodyOver64KibIsA413() {
		String body = "{\"amount\":1,\"currency\":\"usd\",\"source\":\"tok_visa\",\"description\":\""
				+ "x".repeat(64 * 1024) + "\"}";
		Answer answer = this.api.charge(this.user, ApiClient.newKey(), body).send();

		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.problemType()).isEqualTo("payload-too-large");
		assertThat(chargesOf(this.user)).isZero();
	}

	@Test
	void nonJsonContentTypeIsA415() {
		Answer answer = this.api.post("/charge")
			.as(this.user)
			.key(ApiClient.newKey())
			.header("Content-Type", "text/plain")
			.body(ApiClient.CHARGE_BODY.getBytes())
			.send();

		assertThat(answer.status()).isEqualTo(415);
		assertThat(answer.problemType()).isEqualTo("unsupported-media-type");
	}

	@Test
	void missingIdempotencyKeyIsA400() {
		Answer answer = this.api.post("/charge").as(this.user).json(ApiClient.CHARGE_BODY).send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.problemType()).isEqualTo("missing-idempotency-key");
		assertThat(chargesOf(this.user)).isZero();
	}

	@ParameterizedTest
	@MethodSource("malformedKeys")
	void malformedIdempotencyKeyIsA400(String key) {
		Answer answer = this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.problemType()).isEqualTo("invalid-idempotency-key");
		assertThat(chargesOf(this.user)).isZero();
	}

	static Stream<String> malformedKeys() {
		return Stream.of("k".repeat(256), "has space", "\"\"", "\"unterminated", "\"bad\\escape\"", "tab\there",
				"\"a\"b\"");
	}

	@Test
	void unknownPathIsA404Problem() {
		Answer answer = this.api.get("/nothing-here").as(this.user).send();

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.problemType()).isEqualTo("not-found");
	}

	private long chargesOf(String user) {
		return new Books(this.jdbc).charges(user);
	}

	static String body(String source) {
		return "{\"amount\":500,\"currency\":\"eur\",\"source\":\"" + source + "\"}";
	}

	static String metadata(int keys, int keyLength, int valueLength) {
		StringBuilder json = new StringBuilder("{");
		for (int i = 0; i < keys; i++) {
			String key = String.format("%0" + keyLength + "d", i);
			json.append(i > 0 ? "," : "").append('"').append(key).append("\":\"").append("v".repeat(valueLength))
				.append('"');
		}
		return json.append('}').toString();
	}

}
