package com.acme.payments.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.ProblemDetail;

/** A request parameter that is well-formed but names nothing valid, such as an unknown cursor. */
public class InvalidParameter extends ApiProblem {

	private final String field;

	public InvalidParameter(String field, String message) {
		super(ProblemType.VALIDATION_ERROR, message);
		this.field = field;
	}

	@Override
	public ProblemDetail body() {
		ProblemDetail problem = type().detail("The request is invalid; see errors.");
		problem.setProperty("errors", List.of(Map.of("field", this.field, "message", getMessage())));
		return problem;
	}

}
