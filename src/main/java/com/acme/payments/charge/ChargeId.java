package com.acme.payments.charge;

import java.security.SecureRandom;

/** Charge ids: {@code ch_} and 24 random base-62 characters (about 143 bits), not guessable. */
final class ChargeId {

	static final String PREFIX = "ch_";

	private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

	private static final SecureRandom random = new SecureRandom();

	private ChargeId() {
	}

	/**
	 * Whether {@code id} has the form every charge id has (all are made by {@link #next}): what does not
	 * cannot name a charge, and is never sent to the database (a NUL, say, which Postgres text refuses).
	 */
	static boolean isWellFormed(String id) {
		if (id.length() != PREFIX.length() + 24 || !id.startsWith(PREFIX)) {
			return false;
		}
		for (int i = PREFIX.length(); i < id.length(); i++) {
			char c = id.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
				return false;
			}
		}
		return true;
	}

	static String next() {
		char[] id = new char[24];
		for (int i = 0; i < id.length; i++) {
			id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return PREFIX + new String(id);
	}

}
