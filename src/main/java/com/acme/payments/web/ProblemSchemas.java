package com.acme.payments.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How problem answers look in the OpenAPI description: flat objects, every member at the top level,
 * as the service sends them, so that generated clients keep every member. Documentation only.
 */
public final class ProblemSchemas {

	private ProblemSchemas() {
	}

	@Schema(name = "Problem", description = "An error (RFC 9457). Switch on the slug at the end of `type`.")
	public record Problem(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri-reference",
					description = "`/problems/<slug>`; GET it for the description", example = "/problems/not-found") String type,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Short summary of the type",
					example = "Not found") String title,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The HTTP status",
					example = "404") int status,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "What happened, for a person",
					example = "No such charge: ch_123") String detail,
			@Schema(format = "uri-reference", description = "The path of the request, when known",
					example = "/charges/ch_123") String instance) {
	}

	@Schema(name = "ValidationProblem", description = "A `validation-error`: what is wrong with the request, field by field.")
	public record ValidationProblem(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri-reference",
					description = "`/problems/validation-error`", example = "/problems/validation-error") String type,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Short summary of the type",
					example = "Invalid request") String title,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The HTTP status",
					example = "400") int status,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "What happened, for a person",
					example = "The request is invalid; see errors.") String detail,
			@Schema(format = "uri-reference", description = "The path of the request, when known",
					example = "/charge") String instance,
			@Schema(description = "Each problem with the request; absent for the other 400 types") List<FieldError> errors) {
	}

	@Schema(name = "FieldError", description = "One problem with one part of the request.")
	public record FieldError(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
					description = "`body`, a body member (`metadata.a`), a query parameter or a header",
					example = "amount") String field,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "What is wrong with it",
					example = "must be greater than or equal to 1") String message) {
	}

}
