package com.acme.payments.idempotency;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.acme.payments.web.CachedBodyRequest;
import com.acme.payments.web.HttpProblems;
import com.acme.payments.web.ProblemWriter;
import com.acme.payments.web.RequestLogFilter;
import com.acme.payments.web.Users;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The HTTP side of idempotency: reads the {@code Idempotency-Key}, fingerprints the request, hands
 * the handler to {@link IdempotentExecution} and writes what it decided. Runs after
 * authentication, the rate limiter and the body limit.
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String REPLAYED = "Idempotent-Replayed";

	/** What a client told to come back later (key in use, database unavailable) should wait. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final IdempotentHandlers handlers;

	private final IdempotentExecution execution;

	private final ProblemWriter problems;

	IdempotencyFilter(IdempotentHandlers handlers, IdempotentExecution execution, ProblemWriter problems) {
		this.handlers = handlers;
		this.execution = execution;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		byte[] body = CachedBodyRequest.bodyOf(request);
		Optional<IdempotentHandlers.Route> route = (user != null && user.isAuthenticated() && body != null)
				? this.handlers.routeOf(request) : Optional.empty();
		if (route.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		IdempotencyKey key;
		try {
			key = IdempotencyKey.parse(request.getHeaders(IdempotencyKey.HEADER));
		}
		catch (IdempotencyKey.Rejected rejected) {
			this.problems.write(request, response, IdempotencyProblems.rejectedKey(rejected));
			return;
		}
		IdempotentHandlers.Body read = this.handlers.bodyOf(route.get().handler(), request, body);
		if (!(read instanceof IdempotentHandlers.Accepted accepted)) {
			// Spring MVC answers the 400 (for a refused body, from the filter's own finding), or by its
			// own rules; nothing is claimed or written for a bad request.
			if (read instanceof IdempotentHandlers.Refused refused) {
				request.setAttribute(ValidatedBodyResolver.ATTRIBUTE, refused);
			}
			chain.doFilter(request, response);
			return;
		}
		if (accepted.value() != null) {
			request.setAttribute(ValidatedBodyResolver.ATTRIBUTE, accepted.value());
		}
		var idempotent = new IdempotentRequest(Users.idOf(user), key,
				RequestFingerprint.of(request.getMethod(), route.get().path(), body), body);
		var buffered = new ContentCachingResponseWrapper(response);
		Map<String, List<String>> before = headersOf(response);
		ExecutionOutcome outcome = this.execution.execute(idempotent, (attempt) -> {
			request.setAttribute(IdempotentAttempt.ATTRIBUTE, attempt);
			chain.doFilter(request, buffered);
			return new StoredResponse(buffered.getStatus(), buffered.getHeader(HttpHeaders.LOCATION),
					buffered.getContentType(), buffered.getContentAsByteArray());
		});
		request.setAttribute(RequestLogFilter.IDEMPOTENCY_OUTCOME, outcome.name());
		answer(outcome, request, response, buffered, before);
	}

	private void answer(ExecutionOutcome outcome, HttpServletRequest request, HttpServletResponse response,
			ContentCachingResponseWrapper buffered, Map<String, List<String>> before) throws IOException {
		if (outcome instanceof ExecutionOutcome.Replayed replayed) {
			replay(replayed.answer(), response);
		}
		else if (outcome instanceof ExecutionOutcome.Executed) {
			buffered.setHeader(REPLAYED, "false");
			buffered.copyBodyToResponse();
		}
		else if (outcome instanceof ExecutionOutcome.Refused refused) {
			// Refused after the handler ran too (its lease was taken over before it could record): the
			// handler's headers (a Location of a charge this request did not record) must not reach the client.
			restart(response, before);
			refuse(refused.conflict(), request, response);
		}
		else if ((outcome instanceof ExecutionOutcome.Released released && released.handlerAnswered())
				|| (outcome instanceof ExecutionOutcome.Unknown unknown && unknown.handlerAnswered())) {
			buffered.copyBodyToResponse();
		}
		else {
			// Nothing stored: whatever the handler began to answer must not reach the client.
			restart(response, before);
			this.problems.write(request, response,
					HttpProblems.SERVICE_UNAVAILABLE.detail("The service is temporarily unavailable; retry later "
							+ "with the same request and Idempotency-Key."),
					RETRY_AFTER);
		}
	}

	/** Forgets whatever the handler began to answer, keeping what the filters before it said (rate-limit headers, request id). */
	private static void restart(HttpServletResponse response, Map<String, List<String>> before) {
		response.reset();
		before.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
	}

	private static Map<String, List<String>> headersOf(HttpServletResponse response) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : response.getHeaderNames()) {
			headers.put(name, List.copyOf(response.getHeaders(name)));
		}
		return headers;
	}

	private void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
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
		this.problems.write(request, response, IdempotencyProblems.refused(conflict),
				(conflict == Claim.Conflict.IN_USE) ? RETRY_AFTER : null);
	}

}
