package com.acme.payments.idempotency;

import java.util.Enumeration;

/**
 * A validated {@code Idempotency-Key}: 1-255 visible ASCII characters (0x21-0x7E). The IETF form, a
 * Structured Field string ({@code "abc"}), and the bare form ({@code abc}) name the same key.
 */
record IdempotencyKey(String value) {

	static final String HEADER = "Idempotency-Key";

	static final int MAX_LENGTH = 255;

	/** Why a header could not be read as a key. */
	enum Problem {

		MISSING, INVALID

	}

	/** Thrown for a missing or malformed header; carries which of the two it was. */
	static final class Rejected extends Exception {

		private final Problem problem;

		Rejected(Problem problem, String message) {
			super(message, null, false, false);
			this.problem = problem;
		}

		Problem problem() {
			return this.problem;
		}

	}

	static IdempotencyKey parse(Enumeration<String> headers) throws Rejected {
		if (headers == null || !headers.hasMoreElements()) {
			throw new Rejected(Problem.MISSING, "The Idempotency-Key header is required for this request.");
		}
		String header = headers.nextElement();
		if (headers.hasMoreElements()) {
			throw new Rejected(Problem.INVALID, "Send exactly one Idempotency-Key header.");
		}
		return parse(header);
	}

	static IdempotencyKey parse(String header) throws Rejected {
		if (header == null || header.isEmpty()) {
			throw new Rejected(Problem.MISSING, "The Idempotency-Key header is required for this request.");
		}
		String key = (header.charAt(0) == '"') ? unquote(header) : header;
		if (key.isEmpty() || key.length() > MAX_LENGTH) {
			throw invalid();
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c < 0x21 || c > 0x7E) {
				throw invalid();
			}
		}
		return new IdempotencyKey(key);
	}

	/** Decodes an RFC 8941 sf-string: {@code \"} and {@code \\} are the only escapes. */
	private static String unquote(String header) throws Rejected {
		if (header.length() < 2 || header.charAt(header.length() - 1) != '"') {
			throw invalid();
		}
		StringBuilder key = new StringBuilder(header.length());
		for (int i = 1; i < header.length() - 1; i++) {
			char c = header.charAt(i);
			if (c == '\\') {
				i++;
				if (i >= header.length() - 1) {
					throw invalid();
				}
				c = header.charAt(i);
				if (c != '"' && c != '\\') {
					throw invalid();
				}
			}
			else if (c == '"') {
				throw invalid();
			}
			key.append(c);
		}
		return key.toString();
	}

	private static Rejected invalid() {
		return new Rejected(Problem.INVALID, "The Idempotency-Key must be 1-" + MAX_LENGTH
				+ " visible ASCII characters (0x21-0x7E), bare or as a quoted string.");
	}

}
