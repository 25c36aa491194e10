package com.acme.payments.charge;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.acme.payments.idempotency.IdempotentAttempt;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The contract of the charge endpoints: validation rules and the OpenAPI description, kept apart so
 * that the controller stays readable.
 */
@Tag(name = "Charges")
@SecurityRequirement(name = "bearer")
interface ChargeApi {

	String PROBLEM = "application/problem+json";

	@Operation(operationId = "createCharge", summary = "Create a charge", description = """
			Charges a payment source once. Send a unique `Idempotency-Key` per charge and reuse it for
			every retry of that charge: a retry gets the stored answer (`Idempotent-Replayed: true`) and is
			never charged twice. The same key with another body is a 409.""")
	@Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, required = true,
			description = "1-255 visible ASCII characters; `abc` and `\"abc\"` are the same key",
			schema = @Schema(type = "string", minLength = 1, maxLength = 255, example = "order-1234-attempt"))
	@ApiResponse(responseCode = "201", description = "Charged",
			headers = { @Header(name = "Location", description = "/charges/{id}", schema = @Schema(type = "string")),
					@Header(name = "Idempotent-Replayed", description = "true when this is a stored answer",
							schema = @Schema(type = "boolean")) })
	@ApiResponse(responseCode = "400", description = "Invalid body or Idempotency-Key",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "401", description = "Missing or invalid bearer token",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "402", description = "Card declined; the failed charge is recorded",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "409",
			description = "idempotency-key-reused (same key, other request) or idempotency-key-in-use (first request still running; see Retry-After)",
			headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")),
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "413", description = "Body over 64 KiB", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "415", description = "Body is not JSON", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "429", description = "Rate limited (quota-exceeded)",
			headers = { @Header(name = "Retry-After", description = "seconds until the next token",
					schema = @Schema(type = "integer")),
					@Header(name = "RateLimit-Policy", description = "\"per-user\";q=<capacity>;w=<seconds>",
							schema = @Schema(type = "string")),
					@Header(name = "RateLimit", description = "\"per-user\";r=0;t=<seconds until full>",
							schema = @Schema(type = "string")) },
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "Database or processor unavailable; retry with the same key",
			headers = @Header(name = "Retry-After", schema = @Schema(type = "integer")),
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<ChargeResponse> create(@Parameter(hidden = true) Jwt user,
			@Valid ChargeRequest request, @Parameter(hidden = true) IdempotentAttempt attempt);

	@Operation(operationId = "getCharge", summary = "Retrieve a charge")
	@ApiResponse(responseCode = "200", description = "The charge")
	@ApiResponse(responseCode = "404", description = "No such charge for this user",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	ChargeResponse get(@Parameter(hidden = true) Jwt user, String id);

	@Operation(operationId = "listCharges", summary = "List charges, newest first")
	@ApiResponse(responseCode = "200", description = "A page of charges")
	@ApiResponse(responseCode = "400", description = "Invalid limit or cursor", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
	ChargeList list(@Parameter(hidden = true) Jwt user,
			@Parameter(description = "1-100, default 10") @Min(1) @Max(100) int limit,
			@Parameter(description = "id of the last charge of the previous page") String startingAfter);

}
