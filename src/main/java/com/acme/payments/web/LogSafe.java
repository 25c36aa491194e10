package com.acme.payments.web;

/**
 * Client-supplied text made safe for a log line: control characters (CR, LF, ESC, ...), format
 * characters (U+202E, U+200B, ...), line and paragraph separators and backslashes are written as
 * escapes, so a client cannot end a line and forge another, or send
 * terminal escape sequences to whoever reads the log.
 */
public final class LogSafe {

	/** Longest value written; the rest is cut, so a client cannot flood a log line either. */
	static final int MAX_LENGTH = 512;

	private LogSafe() {
	}

	public static String escape(String value) {
		if (value == null) {
			return null;
		}
		StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 16);
		for (int i = 0; i < value.length() && i < MAX_LENGTH; i++) {
			char c = value.charAt(i);
			if (c == '\\') {
				safe.append("\\\\");
			}
			else if (invisible(c)) {
				safe.append(String.format("\\u%04x", (int) c));
			}
			else {
				safe.append(c);
			}
		}
		if (value.length() > MAX_LENGTH) {
			safe.append("...");
		}
		return safe.toString();
	}

	/** Controls, format characters (U+202E reverses what follows it), line and paragraph separators. */
	private static boolean invisible(char c) {
		return switch (Character.getType(c)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
			default -> false;
		};
	}

}
