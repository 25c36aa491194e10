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
import com.acme.payments.web.ProblemSchemas.Problem;
import com.acme.payments.web.ProblemSchemas.ValidationProblem;

import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The contract of the charge endpoints: validation rules and the OpenAPI description (every status
 * and header each operation can answer), kept apart so that the controller stays readable.
 */
@Tag(name = "Charges")
@SecurityRequirement(name = "bearer")
interface ChargeApi {

	String PROBLEM = "application/problem+json";

	String JSON = "application/json";

	String RETRY_AFTER = "Seconds to wait before retrying";

	@Operation(operationId = "createCharge", summary = "Create a charge", description = """
			Charges a payment source once. Send a unique `Idempotency-Key` per charge and reuse it for
			every retry of that charge: a retry gets the stored answer (`Idempotent-Replayed: true`) and is
			never charged twice. The same key with another body is a 409. After a 503, retry with the same
			key and body: the charge may have been made, and the retry finds it.""")
	@Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, required = true,
			description = "1-255 visible ASCII characters; `abc` and `\"abc\"` are the same key",
			schema = @Schema(type = "string", minLength = 1, maxLength = 255, example = "order-1234-attempt"))
	@ApiResponse(responseCode = "201", description = "Charged (or the stored answer of an earlier attempt)",
			headers = { @Header(name = "Location", description = "/charges/{id}", schema = @Schema(type = "string")),
					@Header(name = "Idempotent-Replayed", description = "true when this is the stored answer of an earlier request; false when this request executed the charge, which includes the first successful retry after a lost answer (503): that retry asked the processor again under the same downstream key and recorded what it had done",
							schema = @Schema(type = "boolean")) },
			content = @Content(mediaType = JSON, schema = @Schema(implementation = ChargeResponse.class)))
	@ApiResponse(responseCode = "400",
			description = "validation-error, missing-idempotency-key or invalid-idempotency-key",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ValidationProblem.class)))
	@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
	@ApiResponse(responseCode = "406", ref = "#/components/responses/NotAcceptable")
	@ApiResponse(responseCode = "402", description = "card-declined: the failed charge is recorded and named",
			headers = @Header(name = "Idempotent-Replayed", description = "true when this is the stored answer of an earlier request; false when this request executed the charge, which includes the first successful retry after a lost answer (503): that retry asked the processor again under the same downstream key and recorded what it had done",
					schema = @Schema(type = "boolean")),
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = CardDeclinedSchema.class)))
	@ApiResponse(responseCode = "408", description = "request-timeout: the body did not arrive in time",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
	@ApiResponse(responseCode = "409",
			description = "idempotency-key-reused (same key, other request) or idempotency-key-in-use (first request still running; see Retry-After)",
			headers = @Header(name = "Retry-After", description = RETRY_AFTER, schema = @Schema(type = "integer")),
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
	@ApiResponse(responseCode = "411", description = "length-required: the body was sent chunked; send a Content-Length",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
	@ApiResponse(responseCode = "413", description = "payload-too-large: the body is over 64 KiB",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
	@ApiResponse(responseCode = "415", description = "unsupported-media-type: the body is not JSON, declares a charset other than UTF-8, or has a Content-Encoding",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
	@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
	@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
	ResponseEntity<ChargeResponse> create(@Parameter(hidden = true) Jwt user,
			@Valid ChargeRequest request, @Parameter(hidden = true) IdempotentAttempt attempt);

	@Operation(operationId = "getCharge", summary = "Retrieve a charge",
			description = "One of the caller's charges. Another user's charge is not found, like an unknown id.")
	@ApiResponse(responseCode = "200", description = "The charge",
			content = @Content(mediaType = JSON, schema = @Schema(implementation = ChargeResponse.class)))
	@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
	@ApiResponse(responseCode = "406", ref = "#/components/responses/NotAcceptable")
	@ApiResponse(responseCode = "404", description = "not-found: no such charge for this user",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
	@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
	@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
	ChargeResponse get(@Parameter(hidden = true) Jwt user,
			@Parameter(description = "The charge's id, `ch_...`", example = "ch_3MmlLrLkdIwHu7ix0snN0B15") String id);

	@Operation(operationId = "listCharges", summary = "List charges, newest first",
			description = "The caller's charges, newest first, a page at a time: pass the last id of a page as `starting_after` for the next.")
	@ApiResponse(responseCode = "200", description = "A page of charges",
			content = @Content(mediaType = JSON, schema = @Schema(implementation = ChargeList.class)))
	@ApiResponse(responseCode = "400", description = "validation-error: invalid limit or cursor",
			content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ValidationProblem.class)))
	@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
	@ApiResponse(responseCode = "406", ref = "#/components/responses/NotAcceptable")
	@ApiResponse(responseCode = "429", ref = "#/components/responses/TooManyRequests")
	@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
	ChargeList list(@Parameter(hidden = true) Jwt user,
			@Parameter(description = "1-100, default 10") @Min(1) @Max(100) int limit,
			@Parameter(description = "id of the last charge of the previous page") String startingAfter);

}
