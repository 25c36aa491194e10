package com.acme.payments.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request is written in and what its answer may be are settled before anything is claimed:
 * a client that cannot read UTF-8 JSON gets a 406 and no charge, a body declared in another charset
 * or encoding gets a 415 and no charge, and the same key then works for the corrected request.
 */
@PaymentsTest(properties = "payments.rate-limit.capacity=100000")
class RepresentationTests {

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	final String user = TestTokens.newUser();

	@ParameterizedTest
	@ValueSource(strings = { "application/json;charset=utf-16", "application/json; charset=ISO-8859-1", "text/html",
			"application/xml", "image/png", "application/json;q=0", "text/*", "garbage/", "application/json;charset=utf-16, text/html" })
	void answerTheClientCannotReadIs406AndChargesNothing(String accept) {
		String key = ApiClient.newKey();

		Answer refused = this.api.charge(this.user, key, ApiClient.CHARGE_BODY).header("Accept", accept).send();

		assertThat(refused.status()).isEqualTo(406);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.problemType()).isEqualTo("not-acceptable");
		assertThat(new Books(this.jdbc).charges(this.user)).isZero();
		assertThat(new Books(this.jdbc).processorCharges(this.user)).isZero();
		assertThat(this.api.charge(this.user, key, ApiClient.CHARGE_BODY).send().status())
			.as("the key is still free").isEqualTo(201);
	}

	@ParameterizedTest
	@ValueSource(strings = { "*/*", "application/*", "application/json", "application/problem+json",
			"application/json;charset=UTF-8", "application/json; charset=\"utf-8\"", "text/html, application/json;q=0.1",
			"application/*+json" })
	void anyAcceptThatAllowsUtf8JsonIsAnsweredAsJson(String accept) {
		Answer charged = this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY).header("Accept", accept)
			.send();
		Answer listed = this.api.get("/charges").as(this.user).header("Accept", accept).send();

		assertThat(charged.status()).isEqualTo(201);
		assertThat(charged.header("Content-Type")).startsWith("application/json");
		assertThat(charged.json().path("currency").asString()).isEqualTo("usd");
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.header("Content-Type")).startsWith("application/json");
	}

	@Test
	void readsAnsweredInAnotherCharsetAre406NotA500() {
		for (String accept : List.of("application/json;charset=utf-16", "text/html", "application/xml")) {
			Answer list = this.api.get("/charges").as(this.user).header("Accept", accept).send();
			Answer one = this.api.get("/charges/ch_none").as(this.user).header("Accept", accept).send();

			assertThat(list.status()).as(accept).isEqualTo(406);
			assertThat(one.status()).as(accept).isEqualTo(406);
			assertThat(list.problemType()).isEqualTo("not-acceptable");
		}
	}

	@Test
	void acceptCharsetWithoutUtf8Is406() {
		Answer refused = this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY)
			.header("Accept-Charset", "iso-8859-1, utf-8;q=0")
			.send();
		Answer allowed = this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY)
			.header("Accept-Charset", "iso-8859-1, utf-8;q=0.5")
			.send();

		assertThat(refused.status()).isEqualTo(406);
		assertThat(allowed.status()).isEqualTo(201);
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json;charset=latin1", "application/json; charset=ISO-8859-1",
			"application/json;charset=utf-16", "application/json;charset=windows-1252", "application/json;charset=nope" })
	void bodyDeclaredInAnotherCharsetIs415AndTheKeyStaysFree(String contentType) {
		String key = ApiClient.newKey();
		byte[] body = "{\"amount\":100,\"currency\":\"eur\",\"source\":\"tok_visa\",\"description\":\"caf\u00e9\"}"
			.getBytes(StandardCharsets.UTF_8);

		Answer refused = this.api.post("/charge").as(this.user).key(key).header("Content-Type", contentType).body(body)
			.send();
		Answer charged = this.api.post("/charge").as(this.user).key(key).header("Content-Type",
				"application/json; charset=utf-8").body(body).send();

		assertThat(refused.status()).isEqualTo(415);
		assertThat(refused.problemType()).isEqualTo("unsupported-media-type");
		assertThat(charged.status()).isEqualTo(201);
		assertThat(charged.json().path("description").asString()).isEqualTo("caf\u00e9");
		assertThat(new Books(this.jdbc).charges(this.user)).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "gzip", "deflate", "br", "identity, gzip", "x-unknown" })
	void encodedBodyIs415AndChargesNothing(String encoding) {
		Answer refused = this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY)
			.header("Content-Encoding", encoding)
			.send();

		assertThat(refused.status()).isEqualTo(415);
		assertThat(refused.problemType()).isEqualTo("unsupported-media-type");
		assertThat(new Books(this.jdbc).charges(this.user)).isZero();
		assertThat(this.api.charge(this.user, ApiClient.newKey(), ApiClient.CHARGE_BODY)
			.header("Content-Encoding", "identity")
			.send()
			.status()).isEqualTo(201);
	}

	@Test
	void encodingSentOnTwoHeaderLinesIs415AndChargesNothing() throws Exception {
		// two lines mean "identity, gzip" (RFC 9110 §5.3), however a reader that takes the first one sees it
		String head = "POST /charge HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer "
				+ TestTokens.forUser(this.user) + "\r\nContent-Type: application/json\r\nIdempotency-Key: "
				+ ApiClient.newKey() + "\r\nContent-Encoding: identity\r\nContent-Encoding: gzip";

		Answer refused = RawHttp.send(this.api.baseUrl(), head,
				ApiClient.CHARGE_BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8));

		assertThat(refused.status()).isEqualTo(415);
		assertThat(new Books(this.jdbc).charges(this.user)).isZero();
	}

	@Test
	void percentEncodedPathIsTheSameRequestAsThePlainOne() {
		String key = ApiClient.newKey();
		String lost = "{\"amount\":1500,\"currency\":\"usd\",\"source\":\"tok_lostResponse\"}";

		Answer first = this.api.charge(this.user, key, lost).send();
		Answer encoded = this.api.post("/%63harge").as(this.user).key(key).json(lost).send();
		Answer plain = this.api.post("/charge").as(this.user).key(key).json(lost).send();

		assertThat(first.status()).as("the answer was lost").isEqualTo(503);
		assertThat(encoded.status()).as(encoded.text()).isEqualTo(201);
		assertThat(plain.status()).isEqualTo(201);
		assertThat(plain.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(plain.text()).isEqualTo(encoded.text());
		assertThat(new Books(this.jdbc).charges(this.user)).isEqualTo(1);
		assertThat(new Books(this.jdbc).processorCharges(this.user)).isEqualTo(1);
	}

	@Test
	void unsupportedExpectationIsATypedProblem() throws IOException {
		Answer answer = RawHttp.send(this.api.baseUrl(), "POST /charge HTTP/1.1\r\nHost: localhost\r\nConnection: close"
				+ "\r\nExpect: foo\r\nContent-Type: application/json\r\nAuthorization: Bearer "
				+ TestTokens.forUser(this.user) + "\r\nIdempotency-Key: " + ApiClient.newKey(),
				ApiClient.CHARGE_BODY.getBytes(StandardCharsets.UTF_8));

		assertThat(answer.status()).isEqualTo(417);
		assertThat(answer.text()).contains("/problems/expectation-failed");
		assertThat(new Books(this.jdbc).charges(this.user)).isZero();
	}

	@Test
	void notAcceptableOnPublicPathsHasAProblemBody() {
		for (String path : List.of("/v3/api-docs", "/actuator/health")) {
			Answer answer = this.api.get(path).header("Accept", "image/png").send();

			assertThat(answer.status()).as(path).isEqualTo(406);
			assertThat(answer.header("Content-Type")).as(path).startsWith("application/problem+json");
			assertThat(answer.problemType()).as(path).isEqualTo("not-acceptable");
		}
	}

	@Test
	void swaggerConfigIsBuiltFromConfigurationNotFromTheRequest() throws IOException {
		Answer answer = RawHttp.send(this.api.baseUrl(), "GET /v3/api-docs/swagger-config HTTP/1.1\r\nHost: evil.example"
				+ "\r\nX-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\nForwarded: host=evil.example"
				+ "\r\nConnection: close", new byte[0]);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).contains("oauth2RedirectUrl").doesNotContain("evil.example");
	}

}
