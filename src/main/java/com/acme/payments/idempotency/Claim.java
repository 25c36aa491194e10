package com.acme.payments.idempotency;

import java.util.UUID;

/** What a claim on a (user, key) found. */
sealed interface Claim {

	/**
	 * The key is ours: execute the request.
	 * @param leaseToken proves ownership when completing or releasing
	 * @param previousState the state the row was taken over from, {@code null} for a new key
	 * @param startedAt when the claim was made, by the database's clock
	 */
	record Acquired(UUID leaseToken, DownstreamKey downstreamKey, String previousState,
			java.time.Instant startedAt) implements Claim {

		/** Whether this request resumes one whose outcome was unknown (a dead request, a lost answer). */
		boolean resumesUnknownOutcome() {
			return "in_flight".equals(this.previousState) || "unknown".equals(this.previousState);
		}

	}

	/**
	 * The same request completed before: replay its answer.
	 * @param remaining how long the record still lives
	 */
	record Completed(StoredResponse response, java.time.Duration remaining) implements Claim {
	}

	/** Another request owns the key, or owned it and had a different body. */
	record Refused(Conflict conflict) implements Claim {
	}

	enum Conflict {

		/** Same key, different request. */
		REUSED,
		/** Same key and request, still running. */
		IN_USE

	}

}
