package com.acme.payments.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The problems of HTTP itself, which any endpoint can answer whatever its feature. */
public final class HttpProblems {

	public static final ProblemType VALIDATION_ERROR = new ProblemType("validation-error", "Invalid request",
			HttpStatus.BAD_REQUEST);

	public static final ProblemType UNAUTHORIZED = new ProblemType("unauthorized", "Unauthorized",
			HttpStatus.UNAUTHORIZED);

	public static final ProblemType FORBIDDEN = new ProblemType("forbidden", "Forbidden", HttpStatus.FORBIDDEN);

	public static final ProblemType NOT_FOUND = new ProblemType("not-found", "Not found", HttpStatus.NOT_FOUND);

	public static final ProblemType METHOD_NOT_ALLOWED = new ProblemType("method-not-allowed", "Method not allowed",
			HttpStatus.METHOD_NOT_ALLOWED);

	public static final ProblemType NOT_ACCEPTABLE = new ProblemType("not-acceptable", "Not acceptable",
			HttpStatus.NOT_ACCEPTABLE);

	public static final ProblemType REQUEST_TIMEOUT = new ProblemType("request-timeout", "Request body timed out",
			HttpStatus.REQUEST_TIMEOUT);

	public static final ProblemType LENGTH_REQUIRED = new ProblemType("length-required", "Length required",
			HttpStatus.LENGTH_REQUIRED);

	public static final ProblemType PAYLOAD_TOO_LARGE = new ProblemType("payload-too-large", "Payload too large",
			HttpStatus.CONTENT_TOO_LARGE);

	public static final ProblemType UNSUPPORTED_MEDIA_TYPE = new ProblemType("unsupported-media-type",
			"Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE);

	public static final ProblemType EXPECTATION_FAILED = new ProblemType("expectation-failed",
			"Expectation not supported", HttpStatus.EXPECTATION_FAILED);

	public static final ProblemType INTERNAL_ERROR = new ProblemType("internal-error", "Internal error",
			HttpStatus.INTERNAL_SERVER_ERROR);

	public static final ProblemType NOT_IMPLEMENTED = new ProblemType("not-implemented",
			"Not implemented by this server", HttpStatus.NOT_IMPLEMENTED);

	public static final ProblemType SERVICE_UNAVAILABLE = new ProblemType("service-unavailable",
			"Service unavailable", HttpStatus.SERVICE_UNAVAILABLE);

	public static final ProblemType HTTP_VERSION_NOT_SUPPORTED = new ProblemType("http-version-not-supported",
			"HTTP version not supported", HttpStatus.HTTP_VERSION_NOT_SUPPORTED);

	private HttpProblems() {
	}

	/**
	 * The problem type for an error status raised outside our code (by Tomcat or the servlet
	 * container), where nothing more specific is known.
	 */
	public static ProblemType forStatus(int status) {
		return switch (status) {
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 408 -> REQUEST_TIMEOUT;
			case 411 -> LENGTH_REQUIRED;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 417 -> EXPECTATION_FAILED;
			case 501 -> NOT_IMPLEMENTED;
			case 503 -> SERVICE_UNAVAILABLE;
			case 505 -> HTTP_VERSION_NOT_SUPPORTED;
			default -> (status >= 500) ? INTERNAL_ERROR : VALIDATION_ERROR;
		};
	}

	/** A {@code validation-error} naming one field (a body member, a parameter or a header). */
	public static ProblemDetail invalid(String field, String message) {
		ProblemDetail problem = VALIDATION_ERROR.detail("The request is invalid; see errors.");
		problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
		return problem;
	}

}
