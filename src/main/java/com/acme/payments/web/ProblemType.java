package com.acme.payments.web;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every problem type this API answers with (RFC 9457). The {@code type} URI ends in the slug that
 * the HTTP contract names, so clients can switch on it.
 */
public enum ProblemType {

	VALIDATION_ERROR("validation-error", "Invalid request", HttpStatus.BAD_REQUEST),
	MISSING_IDEMPOTENCY_KEY("missing-idempotency-key", "Idempotency-Key header required", HttpStatus.BAD_REQUEST),
	INVALID_IDEMPOTENCY_KEY("invalid-idempotency-key", "Invalid Idempotency-Key header", HttpStatus.BAD_REQUEST),
	UNAUTHORIZED("unauthorized", "Unauthorized", HttpStatus.UNAUTHORIZED),
	CARD_DECLINED("card-declined", "Card declined", HttpStatus.PAYMENT_REQUIRED),
	FORBIDDEN("forbidden", "Forbidden", HttpStatus.FORBIDDEN),
	NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
	METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
	NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),
	IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key reused", HttpStatus.CONFLICT),
	IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", "Idempotency key in use", HttpStatus.CONFLICT),
	PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", HttpStatus.CONTENT_TOO_LARGE),
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
	QUOTA_EXCEEDED("quota-exceeded", "Too many requests", HttpStatus.TOO_MANY_REQUESTS),
	TOO_MANY_CONCURRENT_REQUESTS("too-many-concurrent-requests", "Too many concurrent requests",
			HttpStatus.TOO_MANY_REQUESTS),
	REQUEST_TIMEOUT("request-timeout", "Request body timed out", HttpStatus.REQUEST_TIMEOUT),
	NOT_IMPLEMENTED("not-implemented", "Not implemented by this server", HttpStatus.NOT_IMPLEMENTED),
	HTTP_VERSION_NOT_SUPPORTED("http-version-not-supported", "HTTP version not supported",
			HttpStatus.HTTP_VERSION_NOT_SUPPORTED),
	INTERNAL_ERROR("internal-error", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR),
	SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", HttpStatus.SERVICE_UNAVAILABLE),
	PROCESSOR_UNAVAILABLE("processor-unavailable", "Payment processor unavailable", HttpStatus.SERVICE_UNAVAILABLE);

	/** Base of every problem {@code type}; the slug is appended. */
	public static final String BASE = "https://payments.acme.com/problems/";

	private final String slug;

	private final String title;

	private final HttpStatus status;

	ProblemType(String slug, String title, HttpStatus status) {
		this.slug = slug;
		this.title = title;
		this.status = status;
	}

	public String slug() {
		return this.slug;
	}

	public String title() {
		return this.title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public URI uri() {
		return URI.create(BASE + this.slug);
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
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 429 -> QUOTA_EXCEEDED;
			case 501 -> NOT_IMPLEMENTED;
			case 503 -> SERVICE_UNAVAILABLE;
			case 505 -> HTTP_VERSION_NOT_SUPPORTED;
			default -> (status >= 500) ? INTERNAL_ERROR : VALIDATION_ERROR;
		};
	}

	/** A problem of this type with the given human-readable detail. */
	public org.springframework.http.ProblemDetail detail(String detail) {
		var problem = org.springframework.http.ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(uri());
		problem.setTitle(this.title);
		return problem;
	}

}
