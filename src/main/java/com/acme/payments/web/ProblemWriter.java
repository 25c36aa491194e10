package com.acme.payments.web;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Writes problem details from servlet filters, which run before Spring MVC's exception handling
 * and so cannot rely on {@link ProblemDetailsHandler}.
 */
@Component
public class ProblemWriter {

	private final JsonMapper jsonMapper;

	ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		write(request, response, problem, null);
	}

	/** Writes the problem, naming the request's path as its {@code instance} like every other problem. */
	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
			Duration retryAfter) throws IOException {
		if (problem.getInstance() == null) {
			problem.setInstance(instance(request.getRequestURI()));
		}
		response.resetBuffer();
		response.setStatus(problem.getStatus());
		if (retryAfter != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, RetryAfter.seconds(retryAfter));
		}
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		byte[] body = this.jsonMapper.writeValueAsBytes(problem);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	/** The request's path as a {@code uri-reference}; null only for a path that is not one. */
	static URI instance(String path) {
		if (path == null || path.isEmpty()) {
			return null;
		}
		try {
			return new URI(path);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
