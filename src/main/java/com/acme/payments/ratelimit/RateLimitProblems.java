package com.acme.payments.ratelimit;

import com.acme.payments.web.ProblemType;

import org.springframework.http.HttpStatus;

/** The problems of the rate limiters. */
final class RateLimitProblems {

	static final ProblemType QUOTA_EXCEEDED = new ProblemType("quota-exceeded", "Too many requests",
			HttpStatus.TOO_MANY_REQUESTS);

	static final ProblemType TOO_MANY_CONCURRENT_REQUESTS = new ProblemType("too-many-concurrent-requests",
			"Too many concurrent requests", HttpStatus.TOO_MANY_REQUESTS);

	private RateLimitProblems() {
	}

}
