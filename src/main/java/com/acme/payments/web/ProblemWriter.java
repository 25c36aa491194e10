package com.acme.payments.web;

import java.io.IOException;
import java.time.Duration;

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

	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		write(response, problem, null);
	}

	public void write(HttpServletResponse response, ProblemDetail problem, Duration retryAfter) throws IOException {
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

}
