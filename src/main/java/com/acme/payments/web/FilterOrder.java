package com.acme.payments.web;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;

/**
 * Where each servlet filter of the API runs. Authentication comes first, so that the rate limiter
 * knows the user; the rate limiter comes before the body is read and before idempotency, so that a
 * 429 costs little and is never stored.
 */
public final class FilterOrder {

	/** First of all, so that every answer, a 401 too, is logged with its request id. */
	public static final int REQUEST_LOG = org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 100;

	/** Just before authentication: duplicate credentials, addresses that failed too often. */
	public static final int AUTHENTICATION_GUARD = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10;

	/** Spring Security's filter chain. */
	public static final int SECURITY = SecurityFilterProperties.DEFAULT_FILTER_ORDER;

	/** Before the token bucket (a refused request takes no token) and before the body is read. */
	public static final int CONCURRENCY_LIMIT = SECURITY + 5;

	public static final int RATE_LIMIT = SECURITY + 10;

	/** What the body is written in and what the answer may be: settled before the body is read. */
	public static final int REPRESENTATION = SECURITY + 15;

	public static final int BODY_LIMIT = SECURITY + 20;

	public static final int IDEMPOTENCY = SECURITY + 30;

	private FilterOrder() {
	}

}
