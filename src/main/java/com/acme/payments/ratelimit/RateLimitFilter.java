package com.acme.payments.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.acme.payments.web.HttpProblems;
import com.acme.payments.web.LogSafe;
import com.acme.payments.web.ProblemWriter;
import com.acme.payments.web.RetryAfter;

import io.micrometer.core.instrument.Counter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpHeaders;

/**
 * Takes one token per authenticated API request from the user's bucket and says so in the IETF
 * {@code RateLimit-Policy} and {@code RateLimit} headers; answers 429 when the bucket is empty.
 * Runs after authentication (the user is the JWT subject) and before the body is read and before
 * idempotency, so a 429 is cheap and never stored.
 */
class RateLimitFilter extends PerUserFilter {

	static final String POLICY = "RateLimit-Policy";

	static final String RATE_LIMIT = "RateLimit";

	static final String POLICY_NAME = "per-user";

	/** At most one warning per this interval while Redis fails. */
	private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

	private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

	private final RateLimiter limiter;

	private final RateLimitProperties properties;

	private final ProblemWriter problems;

	private final String policy;

	private final Counter allowed;

	private final Counter rejected;

	private final Counter failedOpen;

	private final Counter failedClosed;

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

	/**
	 * The limiter's Redis breaker ({@code resilience4j.circuitbreaker.instances.redis-ratelimit}):
	 * after a few timeouts Redis is not asked for a while and requests go straight to the fail-open
	 * (or fail-closed) answer, at their usual speed; a probe later finds out whether Redis is back.
	 */
	static final String BREAKER = "redis-ratelimit";

	private final CircuitBreaker breaker;

	RateLimitFilter(RateLimiter limiter, RateLimitProperties properties, ProblemWriter problems, MeterRegistry meters,
			CircuitBreaker breaker) {
		this.breaker = breaker;
		this.limiter = limiter;
		this.properties = properties;
		this.problems = problems;
		this.policy = "\"" + POLICY_NAME + "\";q=" + properties.capacity() + ";w=" + properties.windowSeconds();
		this.allowed = counter(meters, "allowed");
		this.rejected = counter(meters, "rejected");
		this.failedOpen = counter(meters, "fail_open");
		this.failedClosed = counter(meters, "fail_closed");
	}

	@Override
	void filter(String user, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RateLimiter.Decision decision;
		try {
			decision = this.breaker.executeSupplier(() -> this.limiter.tryConsume(user));
		}
		catch (RuntimeException ex) {
			redisFailed(ex, request, response, chain);
			return;
		}
		response.setHeader(POLICY, this.policy);
		response.setHeader(RATE_LIMIT, "\"" + POLICY_NAME + "\";r=" + decision.remaining() + ";t="
				+ RetryAfter.seconds(decision.untilFull()));
		if (decision.allowed()) {
			this.allowed.increment();
			chain.doFilter(request, response);
			return;
		}
		this.rejected.increment();
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.problems.write(request, response,
				RateLimitProblems.QUOTA_EXCEEDED.detail("Too many requests: at most " + this.properties.capacity()
						+ " per " + this.properties.windowSeconds() + "s per user. Retry after the Retry-After delay."),
				decision.untilNextToken());
	}

	private void redisFailed(RuntimeException ex, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		warnNowAndThen(ex);
		if (this.properties.failOpen()) {
			this.failedOpen.increment();
			chain.doFilter(request, response);
			return;
		}
		this.failedClosed.increment();
		this.problems.write(request, response, HttpProblems.SERVICE_UNAVAILABLE
			.detail("The rate limiter is unavailable; retry later."), Duration.ofSeconds(1));
	}

	private void warnNowAndThen(RuntimeException ex) {
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= WARN_EVERY_NANOS && this.lastWarning.compareAndSet(last, now)) {
			log.warn("Rate limiter cannot reach Redis ({}: {}); failing {}", ex.getClass().getSimpleName(),
					LogSafe.escape(String.valueOf(ex.getMessage())), this.properties.failOpen() ? "open" : "closed");
		}
	}

	private static Counter counter(MeterRegistry meters, String result) {
		return Counter.builder("payments.ratelimit.requests")
			.description("Rate-limited requests by result")
			.tag("result", result)
			.register(meters);
	}

}
