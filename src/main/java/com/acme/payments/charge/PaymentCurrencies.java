package com.acme.payments.charge;

import java.util.Set;

/**
 * The one list of currencies a charge may be made in: the current ISO 4217 codes of legal-tender
 * money (ISO 4217 "list one", as amended to 2026), in upper case. Left out on purpose: codes for
 * testing and no currency ({@code XTS}, {@code XXX}), precious metals ({@code XAU}, {@code XAG},
 * {@code XPD}, {@code XPT}), units of account and bond-market units ({@code XDR}, {@code XSU},
 * {@code XUA}, {@code XBA}..{@code XBD}), fund codes ({@code BOV}, {@code CHE}, {@code CHW},
 * {@code CLF}, {@code COU}, {@code MXV}, {@code USN}, {@code UYI}, {@code UYW}), and withdrawn
 * codes that {@link java.util.Currency} still knows ({@code DEM}, {@code ESP}, {@code ADP},
 * {@code ZWD}, {@code ZWL}, {@code HRK}, {@code SLL}, {@code CUC}, {@code ANG}, {@code BGN}, ...).
 * The CFA and CFP francs and the East Caribbean currencies ({@code XAF}, {@code XOF}, {@code XPF},
 * {@code XCD}, {@code XCG}) are money that cards are charged in every day, and are listed.
 * <p>
 * {@code docs/api.md} ("Currencies") explains the list; change it here only, with the ISO
 * amendment that changed it.
 */
final class PaymentCurrencies {

	static final Set<String> CODES = Set.of("AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM",
			"BBD", "BDT", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
			"CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB",
			"EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
			"IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
			"KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT",
			"MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR",
			"PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
			"SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT",
			"TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED", "VES", "VND", "VUV",
			"WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG");

	private PaymentCurrencies() {
	}

	/**
	 * The listed code that {@code code} names, or {@code null}: exactly three ASCII letters, in any
	 * case. Case is folded for ASCII only, so {@code uſd} or {@code ınr} name nothing.
	 */
	static String find(String code) {
		if (code == null || code.length() != 3) {
			return null;
		}
		char[] upper = new char[3];
		for (int i = 0; i < 3; i++) {
			char c = code.charAt(i);
			if (c >= 'a' && c <= 'z') {
				upper[i] = (char) (c - ('a' - 'A'));
			}
			else if (c >= 'A' && c <= 'Z') {
				upper[i] = c;
			}
			else {
				return null;
			}
		}
		String candidate = new String(upper);
		return CODES.contains(candidate) ? candidate : null;
	}

}
