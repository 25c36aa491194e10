package com.acme.payments.web;

import java.time.Duration;

/** Formats {@code Retry-After} as whole seconds, rounded up, never below one. */
public final class RetryAfter {

	private RetryAfter() {
	}

	public static String seconds(Duration wait) {
		long millis = Math.max(wait.toMillis(), 1);
		return Long.toString(Math.max(1, (millis + 999) / 1000));
	}

}
