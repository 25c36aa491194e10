package com.acme.payments.processor;

import java.time.Duration;

/**
 * The processor definitively did nothing: it failed before charging, could not be reached, refused
 * our credentials, or is not being called while its circuit breaker is open.
 */
public class ProcessorUnavailable extends RuntimeException {

	/** How long a client should wait when nothing more specific is known. */
	public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

	private final Duration retryAfter;

	public ProcessorUnavailable(String message) {
		this(message, DEFAULT_RETRY_AFTER);
	}

	public ProcessorUnavailable(String message, Duration retryAfter) {
		super(message, null, false, false);
		this.retryAfter = retryAfter;
	}

	/** How long a client should wait before trying again. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
