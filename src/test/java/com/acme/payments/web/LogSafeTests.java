package com.acme.payments.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTests {

	@Test
	void controlCharactersAndBackslashesAreEscapedSoNoValueCanForgeALine() {
		assertThat(LogSafe.escape("user\n2026-11-29 INFO forged")).isEqualTo("user\\u000a2026-11-29 INFO forged");
		assertThat(LogSafe.escape("a\r\u001b[31mb\u0000")).isEqualTo("a\\u000d\\u001b[31mb\\u0000");
		assertThat(LogSafe.escape("back\\u000aslash")).isEqualTo("back\\\\u000aslash");
		assertThat(LogSafe.escape("line\u2028separator")).isEqualTo("line\\u2028separator");
		assertThat(LogSafe.escape("ünïcødé 😀")).isEqualTo("ünïcødé 😀");
		assertThat(LogSafe.escape(null)).isNull();
	}

	@Test
	void formatCharactersThatReorderOrHideTextAreEscaped() {
		assertThat(LogSafe.escape("user\u202eenil")).isEqualTo("user\\u202eenil");
		assertThat(LogSafe.escape("zero\u200bwidth\ufeff")).isEqualTo("zero\\u200bwidth\\ufeff");
		assertThat(LogSafe.escape("para\u2029graph")).isEqualTo("para\\u2029graph");
	}

	@Test
	void longValuesAreCut() {
		assertThat(LogSafe.escape("x".repeat(10_000))).hasSize(LogSafe.MAX_LENGTH + 3).endsWith("...");
	}

}
