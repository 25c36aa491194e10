package com.acme.payments.charge;

import java.security.SecureRandom;

/** Charge ids: {@code ch_} and 24 random base-62 characters (about 143 bits), not guessable. */
final class ChargeId {

	static final String PREFIX = "ch_";

	private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

	private static final SecureRandom random = new SecureRandom();

	private ChargeId() {
	}

	static String next() {
		char[] id = new char[24];
		for (int i = 0; i < id.length; i++) {
			id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return PREFIX + new String(id);
	}

}
