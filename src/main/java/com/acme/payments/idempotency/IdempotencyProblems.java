package com.acme.payments.idempotency;

import com.acme.payments.web.ProblemType;

import org.springframework.http.HttpStatus;

/** The problems of the idempotency layer. */
final class IdempotencyProblems {

	static final ProblemType MISSING_IDEMPOTENCY_KEY = new ProblemType("missing-idempotency-key",
			"Idempotency-Key header required", HttpStatus.BAD_REQUEST);

	static final ProblemType INVALID_IDEMPOTENCY_KEY = new ProblemType("invalid-idempotency-key",
			"Invalid Idempotency-Key header", HttpStatus.BAD_REQUEST);

	static final ProblemType IDEMPOTENCY_KEY_REUSED = new ProblemType("idempotency-key-reused",
			"Idempotency key reused", HttpStatus.CONFLICT);

	static final ProblemType IDEMPOTENCY_KEY_IN_USE = new ProblemType("idempotency-key-in-use",
			"Idempotency key in use", HttpStatus.CONFLICT);

	private IdempotencyProblems() {
	}

}
