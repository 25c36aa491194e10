package com.acme.payments.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** How the MVC advices here answer a problem. */
final class ProblemResponses {

	private ProblemResponses() {
	}

	static ResponseEntity<Object> answer(ProblemDetail problem, Duration retryAfter) {
		var builder = ResponseEntity.status(problem.getStatus());
		if (retryAfter != null) {
			builder.header(HttpHeaders.RETRY_AFTER, RetryAfter.seconds(retryAfter));
		}
		return problemJson(builder, problem);
	}

	/**
	 * The body's type is set here rather than negotiated: a problem is written as
	 * {@code application/problem+json} whatever the client's {@code Accept} listed (RFC 9457 §3), so no
	 * error answer, a 406 included, goes out empty.
	 */
	static ResponseEntity<Object> problemJson(ResponseEntity.BodyBuilder builder, ProblemDetail problem) {
		return builder.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
