package com.acme.payments.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for RFC 8941 Structured Field Lists of items with parameters, enough to read the
 * {@code RateLimit} and {@code RateLimit-Policy} headers the way a client library would: anything that
 * is not valid syntax throws.
 */
public final class StructuredFields {

	private final String input;

	private int position;

	private StructuredFields(String input) {
		this.input = input;
	}

	/** One list member: its bare value and its parameters, in order. */
	public record Item(Object value, Map<String, Object> parameters) {

		public long integer(String parameter) {
			Object value = this.parameters.get(parameter);
			if (!(value instanceof Long number)) {
				throw new IllegalArgumentException("Parameter " + parameter + " is not an integer: " + value);
			}
			return number;
		}

	}

	public static List<Item> parseList(String header) {
		StructuredFields parser = new StructuredFields(header);
		parser.skipSpaces();
		List<Item> items = new ArrayList<>();
		while (!parser.atEnd()) {
			items.add(parser.item());
			parser.skipOptionalWhitespace();
			if (parser.atEnd()) {
				break;
			}
			parser.expect(',');
			parser.skipOptionalWhitespace();
			if (parser.atEnd()) {
				throw parser.error("trailing comma");
			}
		}
		return items;
	}

	private Item item() {
		Object value = bareItem();
		Map<String, Object> parameters = new LinkedHashMap<>();
		while (!atEnd() && peek() == ';') {
			this.position++;
			skipSpaces();
			String key = key();
			Object parameter = Boolean.TRUE;
			if (!atEnd() && peek() == '=') {
				this.position++;
				parameter = bareItem();
			}
			parameters.put(key, parameter);
		}
		return new Item(value, parameters);
	}

	private Object bareItem() {
		if (atEnd()) {
			throw error("value expected");
		}
		char c = peek();
		if (c == '"') {
			return string();
		}
		if (c == '-' || Character.isDigit(c)) {
			return integer();
		}
		if (c == '?') {
			this.position++;
			char b = next();
			if (b != '0' && b != '1') {
				throw error("boolean expected");
			}
			return b == '1';
		}
		if (Character.isLetter(c) || c == '*') {
			int start = this.position;
			while (!atEnd() && (Character.isLetterOrDigit(peek()) || ":/!#$%&'*+-.^_`|~".indexOf(peek()) >= 0)) {
				this.position++;
			}
			return new Token(this.input.substring(start, this.position));
		}
		throw error("unexpected character");
	}

	private String string() {
		expect('"');
		StringBuilder out = new StringBuilder();
		while (true) {
			char c = next();
			if (c == '\\') {
				char escaped = next();
				if (escaped != '"' && escaped != '\\') {
					throw error("bad escape");
				}
				out.append(escaped);
			}
			else if (c == '"') {
				return out.toString();
			}
			else if (c < 0x20 || c > 0x7E) {
				throw error("bad character in string");
			}
			else {
				out.append(c);
			}
		}
	}

	private Long integer() {
		int start = this.position;
		if (peek() == '-') {
			this.position++;
		}
		while (!atEnd() && Character.isDigit(peek())) {
			this.position++;
		}
		String digits = this.input.substring(start, this.position);
		if (digits.isEmpty() || digits.equals("-") || digits.replace("-", "").length() > 15) {
			throw error("bad integer");
		}
		if (!atEnd() && peek() == '.') {
			throw error("decimals are not expected here");
		}
		return Long.parseLong(digits);
	}

	private String key() {
		int start = this.position;
		if (atEnd() || !(Character.isLowerCase(peek()) || peek() == '*')) {
			throw error("key expected");
		}
		while (!atEnd() && (Character.isLowerCase(peek()) || Character.isDigit(peek()) || "_-.*".indexOf(peek()) >= 0)) {
			this.position++;
		}
		return this.input.substring(start, this.position);
	}

	private void skipSpaces() {
		while (!atEnd() && peek() == ' ') {
			this.position++;
		}
	}

	private void skipOptionalWhitespace() {
		while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
			this.position++;
		}
	}

	private void expect(char c) {
		if (atEnd() || next() != c) {
			throw error("'" + c + "' expected");
		}
	}

	private char peek() {
		return this.input.charAt(this.position);
	}

	private char next() {
		if (atEnd()) {
			throw error("unexpected end");
		}
		return this.input.charAt(this.position++);
	}

	private boolean atEnd() {
		return this.position >= this.input.length();
	}

	private IllegalArgumentException error(String problem) {
		return new IllegalArgumentException("Not a Structured Field list (" + problem + " at " + this.position + "): "
				+ this.input);
	}

	/** An sf-token. */
	public record Token(String value) {
	}

}
