package com.acme.payments.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The paths anyone may call without a token: health, metrics, the API description, problem
 * descriptions and the error path. Everything else is the API: authenticated and rate-limited, so
 * that a new endpoint is protected without anyone having to remember it.
 */
public final class PublicPaths {

	public static final List<String> PATTERNS = List.of("/actuator/health", "/actuator/health/**",
			"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
			"/swagger-ui/**", "/error", "/problems/**");

	private static final List<PathPattern> parsed = PATTERNS.stream().map(PathPatternParser.defaultInstance::parse)
		.toList();

	private PublicPaths() {
	}

	public static boolean matches(HttpServletRequest request) {
		PathContainer path = PathContainer
			.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
		return parsed.stream().anyMatch((pattern) -> pattern.matches(path));
	}

}
