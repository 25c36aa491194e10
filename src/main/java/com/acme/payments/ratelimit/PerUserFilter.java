package com.acme.payments.ratelimit;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.acme.payments.web.PublicPaths;
import com.acme.payments.web.Users;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A limit on the API's authenticated requests, per user. Every path is the API unless it is one of
 * the few public ones; a request that is not authenticated passes (Spring Security answers it).
 */
abstract class PerUserFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return PublicPaths.matches(request);
	}

	@Override
	protected final void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		if (user == null || !user.isAuthenticated()) {
			chain.doFilter(request, response);
			return;
		}
		filter(Users.idOf(user), request, response, chain);
	}

	abstract void filter(String user, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException;

}
