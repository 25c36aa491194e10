package com.acme.payments.charge;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Charge ids: {@code ch_} and 24 random base-62 characters (about 143 bits), not guessable. */
final class ChargeId {

	static final String PREFIX = "ch_";

	private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

	private static final SecureRandom random = new SecureRandom();

	private static final Pattern WELL_FORMED = Pattern.compile(Pattern.quote(PREFIX) + "[0-9A-Za-z]{24}");

	private ChargeId() {
	}

	/**
	 * Whether {@code id} has the form every charge id has (all are made by {@link #next}): what does not
	 * cannot name a charge, and is never sent to the database (a NUL, say, which Postgres text refuses).
	 */
	static boolean isWellFormed(String id) {
		return WELL_FORMED.matcher(id).matches();
	}

	static String next() {
		char[] id = new char[24];
		for (int i = 0; i < id.length; i++) {
			id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return PREFIX + new String(id);
	}

}
