package com.acme.payments.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;

import com.acme.payments.web.HttpProblems;
import com.acme.payments.web.ProblemWriter;
import com.acme.payments.web.PublicPaths;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of authentication: a request with two {@code Authorization} headers is a 400 (which one
 * would count is ambiguous), and a client address that has failed authentication too often is
 * answered 429 without its token being looked at, until its budget refills (health and docs stay
 * open). Each 401 spends one
 * unit of the address's budget (Bucket4j, in this instance's memory: an attacker costs no Redis).
 */
class AuthenticationGuardFilter extends OncePerRequestFilter {

	/** Addresses remembered at once; the least recently failing are forgotten first. */
	static final int MAX_ADDRESSES = 100_000;

	private final JwtProperties.Failures budget;

	private final ProblemWriter problems;

	private final Cache<String, Bucket> failures;

	AuthenticationGuardFilter(JwtProperties.Failures budget, ProblemWriter problems) {
		this.budget = budget;
		this.problems = problems;
		this.failures = Caffeine.newBuilder()
			.maximumSize(MAX_ADDRESSES)
			.expireAfterAccess(budget.period().multipliedBy(2))
			.build();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> authorization = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
		if (authorization.size() > 1) {
			this.problems.write(response, HttpProblems.invalid(HttpHeaders.AUTHORIZATION, "must be sent at most once"));
			return;
		}
		String address = request.getRemoteAddr();
		Bucket bucket = PublicPaths.matches(request) ? null : this.failures.getIfPresent(address);
		EstimationProbe probe = (bucket != null) ? bucket.estimateAbilityToConsume(1) : null;
		if (probe != null && !probe.canBeConsumed()) {
			this.problems.write(response, SecurityProblems.TOO_MANY_FAILED_AUTHENTICATIONS
				.detail("Too many failed authentications from this address; retry after the Retry-After delay."),
					Duration.ofNanos(probe.getNanosToWaitForRefill()));
			return;
		}
		chain.doFilter(request, response);
		if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
			this.failures.get(address, (key) -> newBucket()).tryConsume(1);
		}
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.budget.capacity())
				.refillGreedy(this.budget.capacity(), this.budget.period())
				.build())
			.build();
	}

}
