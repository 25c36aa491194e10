package com.acme.payments.idempotency;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import jakarta.servlet.ServletException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an idempotent request at most once per (user, key), in atomic phases, each its own commit:
 * <ol>
 * <li>claim the key (or replay, or refuse);</li>
 * <li>run the handler with no transaction open: it calls the processor holding no connection;</li>
 * <li>one statement stores the answer and the handler's record of its side effect together; or the
 * key is released (nothing happened), or kept bound with its outcome unknown (something may have).</li>
 * </ol>
 * Knows nothing of HTTP; {@link IdempotencyFilter} turns the outcome into an answer.
 */
class IdempotentExecution {

	/** The handler, run once the key is claimed; returns its answer. */
	interface Work {

		StoredResponse run(IdempotentAttempt attempt) throws IOException, ServletException;

	}

	private static final Logger log = LoggerFactory.getLogger(IdempotentExecution.class);

	private final IdempotencyStore store;

	private final IdempotencyCache cache;

	private final IdempotencyProperties properties;

	private final RecoveryProperties recovery;

	private final IdempotencyMetrics metrics;

	IdempotentExecution(IdempotencyStore store, IdempotencyCache cache, IdempotencyProperties properties,
			RecoveryProperties recovery, IdempotencyMetrics metrics) {
		this.store = store;
		this.cache = cache;
		this.properties = properties;
		this.recovery = recovery;
		this.metrics = metrics;
	}

	/** Runs the request at most once, and counts how it ended ({@code payments.idempotency.requests}). */
	ExecutionOutcome execute(IdempotentRequest request, Work work) {
		ExecutionOutcome outcome = decide(request, work);
		this.metrics.outcome(outcome.name());
		return outcome;
	}

	private ExecutionOutcome decide(IdempotentRequest request, Work work) {
		Optional<ExecutionOutcome> cached = fromCache(request);
		if (cached.isPresent()) {
			return cached.get();
		}
		Claim claim;
		long asked = System.nanoTime();
		try {
			claim = this.store.claim(request.user(), request.key(), request.fingerprint(), request.body(),
					this.properties.lockTimeout(), this.recovery.after(), this.properties.ttl());
		}
		catch (RuntimeException ex) {
			// Postgres is the source of truth: without it, nothing may run.
			log.warn("Idempotency claim failed: {}", ex.getClass().getSimpleName());
			return new ExecutionOutcome.Unavailable();
		}
		if (claim instanceof Claim.Completed completed) {
			this.cache.put(request.user(), request.key(), request.fingerprint(), completed.response(),
					completed.remaining(), asked);
			return new ExecutionOutcome.Replayed(completed.response());
		}
		if (claim instanceof Claim.Refused refused) {
			return new ExecutionOutcome.Refused(refused.conflict());
		}
		return run(request, (Claim.Acquired) claim, work);
	}

	/** A cached answer is final until it expires, so a hit needs no database round trip. */
	private Optional<ExecutionOutcome> fromCache(IdempotentRequest request) {
		return this.cache.find(request.user(), request.key())
			.map((entry) -> Arrays.equals(entry.fingerprint(), request.fingerprint())
					? new ExecutionOutcome.Replayed(entry.response())
					: new ExecutionOutcome.Refused(Claim.Conflict.REUSED));
	}

	private ExecutionOutcome run(IdempotentRequest request, Claim.Acquired claim, Work work) {
		if (claim.resumesUnknownOutcome()) {
			this.metrics.outcome("takeover");
			log.info("Resuming an attempt whose outcome was unknown (previous state {})", claim.previousState());
		}
		var attempt = new IdempotentAttempt(claim.downstreamKey(), claim.startedAt());
		StoredResponse answer;
		try {
			answer = work.run(attempt);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			log.warn("Idempotent request failed: {}", ex.getClass().getSimpleName());
			return attempt.sideEffectMayHaveHappened() ? unknown(request, claim, false) : released(request, claim, false);
		}
		if (!StoredResponse.storable(answer.status())) {
			// An error after the side effect started (a lost answer, a failure on the way back) is
			// not the outcome: what happened is unknown.
			return attempt.sideEffectMayHaveHappened() ? unknown(request, claim, answer.status() == 503)
					: released(request, claim, true);
		}
		if (attempt.stage() == IdempotentAttempt.Stage.STARTED) {
			log.error("A handler answered {} for a side effect it did not record", answer.status());
			return unknown(request, claim, false);
		}
		return complete(request, claim, attempt, answer);
	}

	private ExecutionOutcome complete(IdempotentRequest request, Claim.Acquired claim, IdempotentAttempt attempt,
			StoredResponse answer) {
		Optional<Duration> remaining;
		long asked = System.nanoTime();
		try {
			remaining = this.store.complete(request.user(), request.key().value(), claim.leaseToken(), answer,
					attempt.recording(), this.properties.ttl());
		}
		catch (RuntimeException ex) {
			// Postgres failed or refused the record after the side effect: it must not be lost.
			log.warn("Could not store an idempotent answer: {}", ex.getClass().getSimpleName());
			return attempt.sideEffectMayHaveHappened() ? unknown(request, claim, false) : released(request, claim, false);
		}
		if (remaining.isEmpty()) {
			// Our lease ran out and the same request took the key over; it records the outcome, not us.
			return new ExecutionOutcome.Refused(Claim.Conflict.IN_USE);
		}
		// Only now that Postgres has committed may Redis know the answer.
		this.cache.put(request.user(), request.key(), request.fingerprint(), answer, remaining.get(), asked);
		return new ExecutionOutcome.Executed(answer);
	}

	private ExecutionOutcome released(IdempotentRequest request, Claim.Acquired claim, boolean handlerAnswered) {
		try {
			this.store.release(request.user(), request.key().value(), claim.leaseToken());
		}
		catch (RuntimeException ex) {
			// The lease runs out, recovery finds nothing at the processor and releases the key.
			log.warn("Could not release an idempotency key: {}", ex.getClass().getSimpleName());
		}
		return new ExecutionOutcome.Released(handlerAnswered);
	}

	private ExecutionOutcome unknown(IdempotentRequest request, Claim.Acquired claim, boolean handlerAnswered) {
		try {
			this.store.markUnknown(request.user(), request.key().value(), claim.leaseToken(), this.recovery.after());
		}
		catch (RuntimeException ex) {
			// The row stays in flight; once its lease runs out, recovery takes it all the same.
			log.warn("Could not mark an outcome unknown: {}", ex.getClass().getSimpleName());
		}
		return new ExecutionOutcome.Unknown(handlerAnswered);
	}

}
