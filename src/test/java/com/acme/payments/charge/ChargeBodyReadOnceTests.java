package com.acme.payments.charge;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A charge's body is read, checked as UTF-8 and validated once, by the idempotency filter, and the
 * handler gets that very object: Spring MVC's body reading (which every {@code RequestBodyAdvice}
 * sees) never runs for it. A body the filter refuses is not read again either: it gets the same
 * precise 400 from the filter's finding, an empty or {@code null} body included.
 */
@PaymentsTest
@Import(ChargeBodyReadOnceTests.CountingAdvice.class)
class ChargeBodyReadOnceTests {

	@Autowired
	ApiClient api;

	@Autowired
	CountingAdvice reads;

	@Autowired
	JdbcClient jdbc;

	final String user = TestTokens.newUser();

	@BeforeEach
	void reset() {
		this.reads.count.set(0);
	}

	@Test
	void theHandlerGetsTheBodyTheFilterValidatedWithoutReadingItAgain() {
		Answer charge = this.api.charge(this.user, ApiClient.newKey(),
				"{\"amount\": 1999, \"currency\": \"usd\", \"source\": \"tok_visa\", \"metadata\": {\"order\": \"7\"}}")
			.send();

		assertThat(charge.status()).isEqualTo(201);
		assertThat(charge.json().path("metadata").path("order").asString()).isEqualTo("7");
		assertThat(this.reads.count).as("Spring MVC read no charge body").hasValue(0);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedBodies")
	void aBodyTheFilterRefusesGetsItsPreciseProblemWithoutBeingReadAgain(String name, byte[] body, String field,
			String message) {
		Answer refused = this.api.post("/charge").as(this.user).key(ApiClient.newKey())
			.header("Content-Type", "application/json").body(body).send();

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.problemType()).isEqualTo("validation-error");
		assertThat(refused.json().path("errors")).hasSize(1);
		assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
		assertThat(refused.json().path("errors").get(0).path("message").asString()).isEqualTo(message);
		assertThat(this.reads.count).as("Spring MVC read no charge body").hasValue(0);
		assertThat(this.jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE user_id = ?").param(this.user)
			.query(Long.class).single()).as("a refused body claims no key").isZero();
	}

	static Stream<Arguments> refusedBodies() {
		return Stream.of(
				refused("invalid amount", "{\"amount\": 0, \"currency\": \"usd\", \"source\": \"tok_visa\"}", "amount",
						"must be greater than or equal to 1"),
				refused("blank metadata key",
						"{\"amount\": 100, \"currency\": \"usd\", \"source\": \"tok_visa\", \"metadata\": {\" \": \"x\"}}",
						"metadata", "keys must not be blank"),
				refused("unknown field", "{\"amount\": 100, \"currency\": \"usd\", \"source\": \"tok_visa\", \"tip\": 5}",
						"tip", "is not a known field"),
				refused("mistyped field", "{\"amount\": \"lots\", \"currency\": \"usd\", \"source\": \"tok_visa\"}", "amount",
						"has the wrong type or format"),
				refused("amount beyond a long", "{\"amount\": 99999999999999999999999, \"currency\": \"usd\"}", "amount",
						"is out of range"),
				refused("not well-formed", "{\"amount\": 100,", "body", "is not well-formed JSON"),
				refused("not an object", "[1, 2]", "body", "must be a JSON object"),
				refused("empty", "", "body", "is required and must be a JSON object"),
				refused("JSON null", " null ", "body", "is required and must be a JSON object"),
				Arguments.of("not UTF-8", new byte[] { '{', '"', 'a', (byte) 0xC3, '"', '}' }, "body", "is not valid UTF-8"));
	}

	private static Arguments refused(String name, String body, String field, String message) {
		return Arguments.of(name, body.getBytes(StandardCharsets.UTF_8), field, message);
	}

	/** Counts the charge bodies Spring MVC reads: first of the advice, before any can refuse one. */
	@ControllerAdvice
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static class CountingAdvice extends RequestBodyAdviceAdapter {

		final AtomicInteger count = new AtomicInteger();

		@Override
		public boolean supports(MethodParameter parameter, Type targetType,
				Class<? extends HttpMessageConverter<?>> converterType) {
			return targetType == ChargeRequest.class;
		}

		@Override
		public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
				Class<? extends HttpMessageConverter<?>> converterType) {
			this.count.incrementAndGet();
			return input;
		}

	}

}
