package com.acme.payments.idempotency;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdempotencyKeyTests {

	@Test
	void bareAndQuotedFormsNameTheSameKey() throws Exception {
		assertThat(IdempotencyKey.parse("\"order-1234\"")).isEqualTo(IdempotencyKey.parse("order-1234"));
	}

	@Test
	void quotedFormUnescapesQuoteAndBackslash() throws Exception {
		assertThat(IdempotencyKey.parse("\"a\\\"b\\\\c\"").value()).isEqualTo("a\"b\\c");
	}

	@Test
	void acceptsEveryVisibleAsciiCharacterAndUpTo255OfThem() throws Exception {
		StringBuilder all = new StringBuilder();
		for (char c = 0x21; c <= 0x7E; c++) {
			all.append(c);
		}
		assertThat(IdempotencyKey.parse(all.toString()).value()).isEqualTo(all.toString());
		assertThat(IdempotencyKey.parse("k".repeat(255)).value()).hasSize(255);
	}

	@ParameterizedTest
	@ValueSource(strings = { "with space", "tab\t", "caf\u00e9", "\"\"", "\"open", "\"x\\y\"", "\"a\"b\"",
			"\"with space\"" })
	void rejectsMalformedKeys(String header) {
		assertThatExceptionOfType(IdempotencyKey.Rejected.class).isThrownBy(() -> IdempotencyKey.parse(header))
			.satisfies((rejected) -> assertThat(rejected.problem()).isEqualTo(IdempotencyKey.Problem.INVALID));
	}

	@Test
	void rejectsKeysLongerThan255() {
		assertThatExceptionOfType(IdempotencyKey.Rejected.class)
			.isThrownBy(() -> IdempotencyKey.parse("k".repeat(256)));
		assertThatExceptionOfType(IdempotencyKey.Rejected.class)
			.isThrownBy(() -> IdempotencyKey.parse("\"" + "k".repeat(256) + "\""));
	}

	@Test
	void missingOrEmptyHeaderIsMissing() {
		assertThatExceptionOfType(IdempotencyKey.Rejected.class)
			.isThrownBy(() -> IdempotencyKey.parse(Collections.emptyEnumeration()))
			.satisfies((rejected) -> assertThat(rejected.problem()).isEqualTo(IdempotencyKey.Problem.MISSING));
		assertThatExceptionOfType(IdempotencyKey.Rejected.class).isThrownBy(() -> IdempotencyKey.parse(""))
			.satisfies((rejected) -> assertThat(rejected.problem()).isEqualTo(IdempotencyKey.Problem.MISSING));
	}

	@Test
	void twoHeadersAreInvalid() {
		assertThatExceptionOfType(IdempotencyKey.Rejected.class)
			.isThrownBy(() -> IdempotencyKey.parse(Collections.enumeration(List.of("a", "b"))))
			.satisfies((rejected) -> assertThat(rejected.problem()).isEqualTo(IdempotencyKey.Problem.INVALID));
	}

}
