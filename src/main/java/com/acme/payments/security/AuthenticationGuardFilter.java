package com.acme.payments.security;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.acme.payments.web.HttpProblems;
import com.acme.payments.web.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of authentication: a request with two {@code Authorization} headers is a 400, since which
 * one would count is ambiguous. (Failed authentications are limited where they fail, in
 * {@link ProblemAuthenticationEntryPoint}.)
 */
class AuthenticationGuardFilter extends OncePerRequestFilter {

	private final ProblemWriter problems;

	AuthenticationGuardFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> authorization = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
		if (authorization.size() > 1) {
			this.problems.write(request, response, HttpProblems.invalid(HttpHeaders.AUTHORIZATION, "must be sent at most once"));
			return;
		}
		chain.doFilter(request, response);
	}

}
