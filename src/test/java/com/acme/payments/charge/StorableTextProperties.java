package com.acme.payments.charge;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import tools.jackson.databind.JsonNode;

import com.acme.payments.support.ApiClient;
import com.acme.payments.support.ApiClient.Answer;
import com.acme.payments.support.Books;
import com.acme.payments.support.PaymentsTest;
import com.acme.payments.support.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.characters;
import static org.quicktheories.generators.Generate.frequency;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Every string field of a charge, filled with generated text (NUL and other controls, lone high and
 * low surrogates, pairs, any BMP character): each body is either refused with a 400 before anything
 * is written (no key claimed, nothing sent to the processor, no charge), or charged with what the
 * 201 echoes equal to the text sent and to what {@code GET} returns, character for character.
 */
@PaymentsTest
class StorableTextProperties {

	static final int EXAMPLES = 60;

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Test
	void sourceIsRefusedOrStoredExactly() {
		check((text) -> body("tok_visa" + text, null, null, null), (charge) -> charge.path("source"), "tok_visa");
	}

	@Test
	void descriptionIsRefusedOrStoredExactly() {
		check((text) -> body("tok_visa", text, null, null), (charge) -> charge.path("description"), "");
	}

	@Test
	void metadataKeyIsRefusedOrStoredExactly() {
		check((text) -> body("tok_visa", null, "k" + text, "v"),
				(charge) -> charge.path("metadata").propertyNames().iterator().next(), "k");
	}

	@Test
	void metadataValueIsRefusedOrStoredExactly() {
		check((text) -> body("tok_visa", null, "k", text), (charge) -> charge.path("metadata").path("k"), "");
	}

	@Test
	void currencyIsRefusedOrStoredExactly() {
		Gen<String> currencies = pick(List.of("usd", "EUR", "jPy", "XXX", "xts", "XAU", "xag", "XDR", "XBA", "US", "usdd",
				"u\u0000d", "\ud800sd", "ü$d", ""));
		qt().withExamples(EXAMPLES).forAll(currencies).checkAssert((currency) -> {
			String body = "{\"amount\":100,\"currency\":" + json(currency) + ",\"source\":\"tok_visa\"}";
			Result result = send(body);
			if (result.answer().status() == 201) {
				assertThat(result.answer().json().path("currency").asString()).isEqualTo(currency.toLowerCase());
				assertThat(result.read().path("currency").asString()).isEqualTo(currency.toLowerCase());
			}
		});
	}

	/** Sends a body per generated text; {@code echoed} picks the field from a charge; {@code prefix} was added to the text. */
	private void check(java.util.function.Function<String, String> bodyOf,
			java.util.function.Function<JsonNode, Object> echoed, String prefix) {
		qt().withExamples(EXAMPLES).forAll(texts()).checkAssert((text) -> {
			Result result = send(bodyOf.apply(text));
			String sent = prefix + text;
			if (result.answer().status() == 201) {
				assertThat(text(echoed.apply(result.answer().json()))).isEqualTo(sent);
			}
			if (result.read() != null) {
				assertThat(text(echoed.apply(result.read()))).isEqualTo(sent);
			}
		});
	}

	private Result send(String body) {
		String user = TestTokens.newUser();
		String key = ApiClient.newKey();
		Answer answer = this.api.charge(user, key, body).send();
		assertThat(answer.status()).as("answer to %s", body).isIn(201, 400, 402);
		if (answer.status() == 400) {
			assertThat(answer.problemType()).isEqualTo("validation-error");
			assertThat(this.jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE user_id = ?").param(user)
				.query(Long.class).single()).as("a refused body claims no key").isZero();
			assertThat(new Books(this.jdbc).charges(user)).isZero();
			return new Result(answer, null);
		}
		// a source the processor does not know is declined: the failed charge is recorded all the same
		String id = answer.json().path((answer.status() == 402) ? "charge" : "id").asString();
		Answer read = this.api.get("/charges/" + id).as(user).send();
		assertThat(read.status()).isEqualTo(200);
		return new Result(answer, read.json());
	}

	private record Result(Answer answer, JsonNode read) {
	}

	/** Short texts whose characters are often the troublesome ones. */
	static Gen<String> texts() {
		Gen<String> pieces = frequency(Pair.of(4, text(characters(0x20, 0x7E))), Pair.of(2, text(characters(0x00, 0x1F))),
				Pair.of(1, text(characters(0xD800, 0xDBFF))), Pair.of(1, text(characters(0xDC00, 0xDFFF))),
				Pair.of(2, text(characters(0x80, 0xD7FF))), Pair.of(1, text(characters(0xE000, 0xFFFF))),
				Pair.of(2, range(0x1F600, 0x1F64F).map((Integer codePoint) -> new String(Character.toChars(codePoint)))),
				Pair.of(1, pick(List.of("\u0000"))));
		return lists().of(pieces).ofSizeBetween(0, 12).map((List<String> list) -> String.join("", list));
	}

	private static Gen<String> text(Gen<Character> characters) {
		return characters.map((Character c) -> String.valueOf(c));
	}

	private static String body(String source, String description, String metadataKey, String metadataValue) {
		StringBuilder body = new StringBuilder("{\"amount\":100,\"currency\":\"usd\",\"source\":").append(json(source));
		if (description != null) {
			body.append(",\"description\":").append(json(description));
		}
		if (metadataKey != null) {
			body.append(",\"metadata\":{").append(json(metadataKey)).append(':').append(json(metadataValue)).append('}');
		}
		return body.append('}').toString();
	}

	/** A JSON string of exactly these UTF-16 units: every non-ASCII unit as an escape, so lone surrogates survive. */
	static String json(String text) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || c > 0x7E) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	private static String text(Object node) {
		return (node instanceof JsonNode json) ? json.asString() : (String) node;
	}

}
