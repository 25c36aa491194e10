package com.acme.payments.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.acme.payments.web.ProblemWriter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;


/**
 * Stripe's concurrent-requests limiter: at most {@code payments.rate-limit.concurrency} requests of
 * one user in flight on this instance. One more is answered 429 at once, before its body is read
 * and before it takes a token, so a few users sending slow bodies cannot hold every worker thread.
 * The count lives in this JVM: it protects this instance's threads, which are this instance's own.
 */
class ConcurrencyLimitFilter extends PerUserFilter {

	private final int limit;

	private final ProblemWriter problems;

	private final Counter rejected;

	/** In-flight requests per user; a user with none has no entry, so the map is as large as the load. */
	private final ConcurrentMap<String, Integer> inFlight = new ConcurrentHashMap<>();

	ConcurrencyLimitFilter(RateLimitProperties properties, ProblemWriter problems, MeterRegistry meters) {
		this.limit = properties.concurrency();
		this.problems = problems;
		this.rejected = Counter.builder("payments.ratelimit.requests")
			.description("Rate-limited requests by result")
			.tag("result", "too_many_concurrent")
			.register(meters);
	}

	@Override
	void filter(String user, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!enter(user)) {
			this.rejected.increment();
			// The body is never read: the connection is closed after the answer (see WebConfiguration).
			response.setHeader("Connection", "close");
			this.problems.write(request, response, RateLimitProblems.TOO_MANY_CONCURRENT_REQUESTS.detail("At most " + this.limit
					+ " requests of one user may be in flight at once; retry when one has finished."),
					Duration.ofSeconds(1));
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			leave(user);
		}
	}

	private boolean enter(String user) {
		boolean[] entered = { false };
		this.inFlight.compute(user, (key, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.limit) {
				return count;
			}
			entered[0] = true;
			return current + 1;
		});
		return entered[0];
	}

	private void leave(String user) {
		this.inFlight.computeIfPresent(user, (key, count) -> (count <= 1) ? null : count - 1);
	}

	/** Requests in flight for {@code user} now. */
	int inFlight(String user) {
		return this.inFlight.getOrDefault(user, 0);
	}

}
