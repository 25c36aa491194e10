package com.acme.payments.idempotency;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * What recovery needs from the idempotency layer: the attempts whose outcome is unknown, leased one
 * recoverer at a time, and the three ways to resolve one. Whoever knows how to ask the outside
 * world (the charge feature) drives it; every call here is one auto-commit statement.
 */
@Component
public class UnknownOutcomes {

	private final IdempotencyStore store;

	private final KeySweeps sweeps;

	private final IdempotencyProperties idempotency;

	private final RecoveryProperties recovery;

	UnknownOutcomes(IdempotencyStore store, KeySweeps sweeps, IdempotencyProperties idempotency,
			RecoveryProperties recovery) {
		this.store = store;
		this.sweeps = sweeps;
		this.idempotency = idempotency;
		this.recovery = recovery;
	}

	/** Leases up to {@code limit} attempts due for recovery; each is this caller's until its lease runs out. */
	public List<UnresolvedAttempt> leaseDue(int limit) {
		return this.sweeps.leaseDue(limit, this.idempotency.lockTimeout());
	}

	/**
	 * The side effect happened: store its answer and its record together.
	 * @return {@code false} when the lease was lost (a retry of the request resumed it), so nothing
	 * was written
	 */
	public boolean recorded(UnresolvedAttempt attempt, StoredResponse answer, Recording recording) {
		Optional<?> remaining = this.store.complete(attempt.user(), attempt.key(), attempt.leaseToken(), answer,
				recording, this.idempotency.ttl());
		return remaining.isPresent();
	}

	/** The side effect never happened: the key is free again. */
	public void notDone(UnresolvedAttempt attempt) {
		this.store.release(attempt.user(), attempt.key(), attempt.leaseToken());
	}

	/** Nobody could say what happened: ask again later, after a pause that grows with each attempt. */
	public void stillUnknown(UnresolvedAttempt attempt) {
		this.store.markUnknown(attempt.user(), attempt.key(), attempt.leaseToken(),
				this.recovery.backoff(attempt.attempts()));
	}

	/** Attempts whose outcome is unknown right now. */
	public long unresolved() {
		return this.sweeps.countUnresolved();
	}

}
