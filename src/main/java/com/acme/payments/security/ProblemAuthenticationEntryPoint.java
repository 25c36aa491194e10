package com.acme.payments.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.acme.payments.web.HttpProblems;
import com.acme.payments.web.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 with {@code WWW-Authenticate: Bearer ...} (RFC 6750) and a problem body. The header is written
 * here rather than by Spring's entry point, which adds a {@code resource_metadata} URL built from
 * the request's {@code Host}: nothing a client sends may come back as an absolute URL.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	static final String REALM = "payments";

	private final ProblemWriter problems;

	ProblemAuthenticationEntryPoint(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		boolean tokenSent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, tokenSent
				? "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", "
						+ "error_description=\"The token is invalid, expired or not acceptable\""
				: "Bearer realm=\"" + REALM + "\"");
		String detail = tokenSent ? "The bearer token is invalid, expired or lacks a subject."
				: "A bearer token is required (Authorization: Bearer <JWT>).";
		this.problems.write(response, HttpProblems.UNAUTHORIZED.detail(detail));
	}

}
