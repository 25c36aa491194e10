package com.acme.payments.idempotency;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.acme.payments.web.CachedBodyRequest;
import com.acme.payments.web.ProblemType;
import com.acme.payments.web.ProblemWriter;
import com.acme.payments.web.RequestLogFilter;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Runs every {@link Idempotent} request at most once per (user, key), in three atomic phases:
 * <ol>
 * <li>claim the key in its own committed statement (or replay / refuse);</li>
 * <li>run the handler in one transaction that also stores its answer, so the charge and the
 * completed record commit together;</li>
 * <li>or, for an answer that is not stored, roll back and release the key.</li>
 * </ol>
 * Runs after authentication, the rate limiter and the body limit.
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String REPLAYED = "Idempotent-Replayed";

	/** What a client told to come back later (key in use, database unavailable) should wait. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

	private final IdempotentHandlers handlers;

	private final IdempotencyStore store;

	private final IdempotencyCache cache;

	private final IdempotencyProperties properties;

	private final TransactionTemplate transactions;

	private final ProblemWriter problems;

	private final IdempotencyMetrics metrics;

	IdempotencyFilter(IdempotentHandlers handlers, IdempotencyStore store, IdempotencyCache cache,
			IdempotencyProperties properties, TransactionTemplate transactions, ProblemWriter problems,
			IdempotencyMetrics metrics) {
		this.handlers = handlers;
		this.store = store;
		this.cache = cache;
		this.properties = properties;
		this.transactions = transactions;
		this.problems = problems;
		this.metrics = metrics;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		byte[] body = CachedBodyRequest.bodyOf(request);
		if (user == null || !user.isAuthenticated() || body == null || !this.handlers.handles(request)) {
			chain.doFilter(request, response);
			return;
		}
		IdempotencyKey key;
		try {
			key = IdempotencyKey.parse(request.getHeaders(IdempotencyKey.HEADER));
		}
		catch (IdempotencyKey.Rejected rejected) {
			ProblemType type = (rejected.problem() == IdempotencyKey.Problem.MISSING)
					? ProblemType.MISSING_IDEMPOTENCY_KEY : ProblemType.INVALID_IDEMPOTENCY_KEY;
			this.problems.write(response, type.detail(rejected.getMessage()));
			return;
		}
		var idempotent = new IdempotentRequest(user.getName(), key,
				RequestFingerprint.of(request.getMethod(), request.getRequestURI(), body));
		if (replayedFromCache(idempotent, request, response)) {
			return;
		}
		Claim claim;
		try {
			claim = this.store.claim(idempotent.user(), key, idempotent.fingerprint(), this.properties.lockTimeout(),
					this.properties.ttl());
		}
		catch (DataAccessResourceFailureException | TransientDataAccessException ex) {
			// Postgres is the source of truth: without it, nothing may run.
			log.warn("Idempotency claim failed: {}", ex.getClass().getSimpleName());
			this.problems.write(response,
					ProblemType.SERVICE_UNAVAILABLE.detail("The service is temporarily unavailable; retry later."),
					RETRY_AFTER);
			return;
		}
		catch (DataAccessException ex) {
			log.error("Idempotency claim failed", ex);
			this.problems.write(response, ProblemType.INTERNAL_ERROR.detail("An unexpected error occurred."));
			return;
		}
		if (claim instanceof Claim.Completed completed) {
			this.cache.put(idempotent.user(), key, idempotent.fingerprint(), completed.response(),
					completed.remaining());
			replay(completed.response(), request, response);
		}
		else if (claim instanceof Claim.Refused refused) {
			refuse(refused.conflict(), request, response);
		}
		else {
			execute(idempotent, (Claim.Acquired) claim, request, response, chain);
		}
	}

	/** A cached answer is final until it expires, so a hit needs no database round trip. */
	private boolean replayedFromCache(IdempotentRequest idempotent, HttpServletRequest request,
			HttpServletResponse response)
			throws IOException {
		Optional<IdempotencyCache.Entry> cached = this.cache.find(idempotent.user(), idempotent.key());
		if (cached.isEmpty()) {
			return false;
		}
		if (!Arrays.equals(cached.get().fingerprint(), idempotent.fingerprint())) {
			refuse(Claim.Conflict.REUSED, request, response);
		}
		else {
			replay(cached.get().response(), request, response);
		}
		return true;
	}

	private void execute(IdempotentRequest idempotent, Claim.Acquired claim, HttpServletRequest request,
			HttpServletResponse response, FilterChain chain) throws IOException {
		if (claim.tookOverExpiredLease()) {
			outcome(request, "takeover");
			log.info("Took over an idempotency key whose lease had expired");
		}
		request.setAttribute(DownstreamKey.ATTRIBUTE, claim.downstreamKey());
		var buffered = new ContentCachingResponseWrapper(response);
		Completion completion;
		try {
			completion = this.transactions.execute((tx) -> {
				runHandler(chain, request, buffered);
				StoredResponse answer = new StoredResponse(buffered.getStatus(),
						buffered.getHeader(HttpHeaders.LOCATION), buffered.getContentType(),
						buffered.getContentAsByteArray());
				if (!StoredResponse.storable(answer.status())) {
					tx.setRollbackOnly();
					return Completion.NOT_STORABLE;
				}
				Optional<Duration> remaining = this.store.complete(idempotent.user(), idempotent.key(),
						claim.leaseToken(), answer);
				if (remaining.isEmpty()) {
					tx.setRollbackOnly();
					return Completion.LEASE_LOST;
				}
				return new Completion(Completion.Outcome.STORED, answer, remaining.get());
			});
		}
		catch (RuntimeException ex) {
			// The commit (or the handler, outside MVC's error handling) failed: nothing was stored.
			log.warn("Idempotent request failed before its answer was stored: {}", ex.getClass().getSimpleName());
			releaseQuietly(idempotent, claim);
			response.reset();
			this.problems.write(response,
					ProblemType.SERVICE_UNAVAILABLE.detail("The service is temporarily unavailable; retry later."),
					RETRY_AFTER);
			return;
		}
		if (completion.outcome() == Completion.Outcome.NOT_STORABLE) {
			outcome(request, "released");
			releaseQuietly(idempotent, claim);
			buffered.copyBodyToResponse();
		}
		else if (completion.outcome() == Completion.Outcome.LEASE_LOST) {
			// Our lease ran out and a retry took the key over; it will store the answer, not us.
			response.reset();
			refuse(Claim.Conflict.IN_USE, request, response);
		}
		else {
			// Only now that Postgres has committed may Redis know the answer.
			this.cache.put(idempotent.user(), idempotent.key(), idempotent.fingerprint(), completion.answer(),
					completion.remaining());
			outcome(request, "executed");
			buffered.setHeader(REPLAYED, "false");
			buffered.copyBodyToResponse();
		}
	}

	private static void runHandler(FilterChain chain, HttpServletRequest request, HttpServletResponse response) {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException ex) {
			throw new IllegalStateException("Handler failed", ex);
		}
	}

	private void releaseQuietly(IdempotentRequest idempotent, Claim.Acquired claim) {
		try {
			this.store.release(idempotent.user(), idempotent.key(), claim.leaseToken());
		}
		catch (RuntimeException ex) {
			// The lease will expire and the next retry takes the key over.
			log.warn("Could not release an idempotency key: {}", ex.getClass().getSimpleName());
		}
	}

	private void replay(StoredResponse stored, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		outcome(request, "replayed");
		response.setStatus(stored.status());
		if (stored.contentType() != null) {
			response.setContentType(stored.contentType());
		}
		if (stored.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, stored.location());
		}
		response.setHeader(REPLAYED, "true");
		response.setContentLength(stored.body().length);
		response.getOutputStream().write(stored.body());
	}

	private void refuse(Claim.Conflict conflict, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (conflict == Claim.Conflict.REUSED) {
			outcome(request, "reused");
			this.problems.write(response, ProblemType.IDEMPOTENCY_KEY_REUSED.detail(
					"This Idempotency-Key was already used with a different request. Use a new key for a new request."));
		}
		else {
			outcome(request, "in_use");
			this.problems.write(response, ProblemType.IDEMPOTENCY_KEY_IN_USE.detail(
					"A request with this Idempotency-Key is still being processed; retry after a moment."),
					RETRY_AFTER);
		}
	}

	/** Counts the outcome and leaves it for the request log. */
	private void outcome(HttpServletRequest request, String outcome) {
		this.metrics.outcome(outcome);
		request.setAttribute(RequestLogFilter.IDEMPOTENCY_OUTCOME, outcome);
	}

	/** How the request transaction ended: an answer stored (with its remaining lifetime), or why not. */
	private record Completion(Outcome outcome, StoredResponse answer, Duration remaining) {

		static final Completion NOT_STORABLE = new Completion(Outcome.NOT_STORABLE, null, null);

		static final Completion LEASE_LOST = new Completion(Outcome.LEASE_LOST, null, null);

		enum Outcome {

			STORED, NOT_STORABLE, LEASE_LOST

		}

	}

	private record IdempotentRequest(String user, IdempotencyKey key, byte[] fingerprint) {
	}

}
