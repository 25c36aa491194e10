package com.acme.payments.web;

import java.time.Duration;

import org.springframework.http.ProblemDetail;

/**
 * An exception that already knows its problem answer. Features throw subclasses (named as facts,
 * such as {@code ChargeNotFound}); {@link ProblemDetailsHandler} renders them.
 */
public abstract class ApiProblem extends RuntimeException {

	private final ProblemType type;

	protected ApiProblem(ProblemType type, String detail) {
		super(detail, null, false, false);
		this.type = type;
	}

	public ProblemType type() {
		return this.type;
	}

	/** The body; subclasses add their extension members. */
	public ProblemDetail body() {
		return this.type.detail(getMessage());
	}

	/** A {@code Retry-After} to send with the answer, or {@code null}. */
	public Duration retryAfter() {
		return null;
	}

}
