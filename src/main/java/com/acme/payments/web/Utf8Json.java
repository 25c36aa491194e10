package com.acme.payments.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The encoding rule of every JSON body: UTF-8, well-formed (RFC 8259 §8.1). Jackson checks the
 * shape of multi-byte sequences but lets overlong forms and code points above U+10FFFF through, and
 * it guesses UTF-16 or UTF-32 from a body's first bytes; Java's strict decoder rejects the former,
 * and a NUL byte (which no UTF-8 JSON text holds outside an escape) gives the latter away.
 */
public final class Utf8Json {

	private Utf8Json() {
	}

	public static boolean isUtf8(byte[] body) {
		for (byte b : body) {
			if (b == 0) {
				return false;
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
