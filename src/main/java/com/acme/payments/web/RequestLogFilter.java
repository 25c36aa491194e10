package com.acme.payments.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One log line per request: request id, method, path, status, latency, user and idempotency
 * outcome. The request id comes from {@code X-Request-Id} when the client sends a sane one, is
 * echoed back, and is in the MDC of every log line of the request. Never logs headers, query
 * strings or bodies, so never a token or a card source.
 */
public class RequestLogFilter extends OncePerRequestFilter {

	public static final String REQUEST_ID = "X-Request-Id";

	/** Request attribute where the idempotency layer says what it did. */
	public static final String IDEMPOTENCY_OUTCOME = "com.acme.payments.idempotency.outcome";

	private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private static final Logger log = LoggerFactory.getLogger("com.acme.payments.requests");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = request.getHeader(REQUEST_ID);
		if (requestId == null || !SANE_ID.matcher(requestId).matches()) {
			requestId = UUID.randomUUID().toString();
		}
		response.setHeader(REQUEST_ID, requestId);
		MDC.put("request_id", requestId);
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			long millis = (System.nanoTime() - started) / 1_000_000;
			// Everything the client chose is escaped: no value can end the line or forge another.
			String method = LogSafe.escape(request.getMethod());
			String path = LogSafe.escape(request.getRequestURI());
			String user = LogSafe.escape(user(request));
			log.atInfo()
				.addKeyValue("method", method)
				.addKeyValue("path", path)
				.addKeyValue("status", response.getStatus())
				.addKeyValue("duration_ms", millis)
				.addKeyValue("user", user)
				.addKeyValue("idempotency", request.getAttribute(IDEMPOTENCY_OUTCOME))
				.log("{} {} {} {}ms user={} idempotency={} request_id={}", method, path, response.getStatus(), millis,
						user, request.getAttribute(IDEMPOTENCY_OUTCOME), requestId);
			MDC.remove("request_id");
		}
	}

	/** The authenticated subject, which Spring Security leaves in a request attribute. */
	private static String user(HttpServletRequest request) {
		Object context = request.getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME);
		if (context instanceof SecurityContext security && security.getAuthentication() != null
				&& security.getAuthentication().isAuthenticated()) {
			return Users.idOf(security.getAuthentication());
		}
		return null;
	}

}
