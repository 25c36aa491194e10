package com.acme.payments.idempotency;

import com.acme.payments.web.ProblemType;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

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

	/** The answer to a missing or malformed {@code Idempotency-Key}. */
	static ProblemDetail rejectedKey(IdempotencyKey.Rejected rejected) {
		ProblemType type = (rejected.problem() == IdempotencyKey.Problem.MISSING) ? MISSING_IDEMPOTENCY_KEY
				: INVALID_IDEMPOTENCY_KEY;
		return type.detail(rejected.getMessage());
	}

	/** The answer when the key belongs to another request, or to this one still running. */
	static ProblemDetail refused(Claim.Conflict conflict) {
		return (conflict == Claim.Conflict.REUSED) ? IDEMPOTENCY_KEY_REUSED.detail(
				"This Idempotency-Key was already used with a different request. Use a new key for a new request.")
				: IDEMPOTENCY_KEY_IN_USE
					.detail("A request with this Idempotency-Key is still being processed; retry after a moment.");
	}

}
