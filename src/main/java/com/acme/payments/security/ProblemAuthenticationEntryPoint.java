package com.acme.payments.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.acme.payments.web.ProblemType;
import com.acme.payments.web.ProblemWriter;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/** 401 with Spring's standard {@code WWW-Authenticate: Bearer ...} and a problem body. */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

	private final ProblemWriter problems;

	ProblemAuthenticationEntryPoint(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		this.bearer.commence(request, response, authException);
		String detail = (request.getHeader("Authorization") == null)
				? "A bearer token is required (Authorization: Bearer <JWT>)."
				: "The bearer token is invalid, expired or lacks a subject.";
		this.problems.write(response, ProblemType.UNAUTHORIZED.detail(detail));
	}

}
