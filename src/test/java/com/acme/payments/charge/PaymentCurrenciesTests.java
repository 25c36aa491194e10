package com.acme.payments.charge;

import java.util.Currency;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentCurrenciesTests {

	@Test
	void everyListedCodeIsAnIso4217CodeJavaKnowsOrANewerOne() {
		// Java's table lags ISO: VED (2021), SLE (2022), ZWG (2024) and XCG (2025) came after it here.
		List<String> newerThanJava = List.of("VED", "SLE", "ZWG", "XCG");
		assertThat(PaymentCurrencies.CODES).allSatisfy((code) -> {
			assertThat(code).matches("[A-Z]{3}");
			if (!newerThanJava.contains(code)) {
				assertThat(Currency.getInstance(code).getCurrencyCode()).isEqualTo(code);
			}
		});
	}

	@Test
	void findsListedCodesInAnyAsciiCase() {
		assertThat(PaymentCurrencies.find("usd")).isEqualTo("USD");
		assertThat(PaymentCurrencies.find("eUr")).isEqualTo("EUR");
		assertThat(PaymentCurrencies.find("xof")).isEqualTo("XOF");
		assertThat(PaymentCurrencies.find("ZWG")).isEqualTo("ZWG");
	}

	@Test
	void refusesWhatIsNotMoneyYouCanChargeToday() {
		for (String code : List.of("XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XDR", "XSU", "XUA", "XBA", "XBB", "XBC",
				"XBD", "BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "DEM", "ESP", "ZWD", "ADP", "FRF",
				"ZWL", "HRK", "CUC", "VEF", "MRO", "STD", "SLL", "ANG", "BGN")) {
			assertThat(PaymentCurrencies.find(code)).as(code).isNull();
		}
	}

	@Test
	void foldsCaseForAsciiOnly() {
		assertThat(PaymentCurrencies.find("u\u017fd")).isNull();
		assertThat(PaymentCurrencies.find("\u0131nr")).isNull();
		assertThat(PaymentCurrencies.find("\uff35\uff33\uff24")).isNull();
		assertThat(PaymentCurrencies.find("US")).isNull();
		assertThat(PaymentCurrencies.find(null)).isNull();
	}

}
