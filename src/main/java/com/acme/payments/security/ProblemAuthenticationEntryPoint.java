package com.acme.payments.security;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.acme.payments.web.HttpProblems;
import com.acme.payments.web.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 with {@code WWW-Authenticate: Bearer ...} (RFC 6750) and a problem body, on any path, public
 * ones included (a bad token sent to {@code /actuator/health} fails too). Each failure spends one of
 * the client address's budget ({@link FailedAuthentications}); once it is spent, failures are
 * answered 429 {@code too-many-failed-authentications} until it refills. The header is written here
 * rather than by Spring's entry point, which adds a {@code resource_metadata} URL built from the
 * request's {@code Host}: nothing a client sends may come back as an absolute URL.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	static final String REALM = "payments";

	private final ProblemWriter problems;

	private final FailedAuthentications failures;

	ProblemAuthenticationEntryPoint(ProblemWriter problems, FailedAuthentications failures) {
		this.problems = problems;
		this.failures = failures;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		Duration refill = this.failures.fail(request.getRemoteAddr());
		if (refill != null) {
			this.problems.write(request, response, SecurityProblems.TOO_MANY_FAILED_AUTHENTICATIONS
				.detail("Too many failed authentications from this address; retry after the Retry-After delay."),
					refill);
			return;
		}
		boolean tokenSent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, tokenSent
				? "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", "
						+ "error_description=\"The token is invalid, expired or not acceptable\""
				: "Bearer realm=\"" + REALM + "\"");
		String detail = tokenSent ? "The bearer token is invalid, expired or lacks a subject."
				: "A bearer token is required (Authorization: Bearer <JWT>).";
		this.problems.write(request, response, HttpProblems.UNAUTHORIZED.detail(detail));
	}

}
