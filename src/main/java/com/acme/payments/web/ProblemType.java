package com.acme.payments.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A kind of problem the API answers with (RFC 9457). Its {@code type} is {@code /problems/<slug>},
 * relative to the service, which describes it there ({@link ProblemDocsController}); clients switch
 * on the slug. Each feature declares its own; {@link HttpProblems} has those of HTTP itself.
 */
public record ProblemType(String slug, String title, HttpStatus status) {

	/** Where the service describes its problem types; the slug is appended. */
	public static final String BASE = "/problems/";

	public URI uri() {
		return URI.create(BASE + this.slug);
	}

	/** A problem of this type with the given human-readable detail. */
	public ProblemDetail detail(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(uri());
		problem.setTitle(this.title);
		return problem;
	}

}
