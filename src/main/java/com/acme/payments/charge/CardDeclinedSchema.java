package com.acme.payments.charge;

import io.swagger.v3.oas.annotations.media.Schema;

/** A {@code card-declined} problem as the OpenAPI description shows it: flat. Documentation only. */
@Schema(name = "CardDeclinedProblem", description = "The card was declined; the failed charge is recorded.")
record CardDeclinedSchema(
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri-reference",
				description = "`/problems/card-declined`", example = "/problems/card-declined") String type,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Short summary of the type",
				example = "Card declined") String title,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The HTTP status",
				example = "402") int status,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "What happened, for a person",
				example = "The card was declined.") String detail,
		@Schema(format = "uri-reference", description = "The path of the request", example = "/charge") String instance,
		@Schema(name = "decline_code", requiredMode = Schema.RequiredMode.REQUIRED,
				description = "Why: generic_decline, insufficient_funds, invalid_source, ...",
				example = "insufficient_funds") String declineCode,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The id of the failed charge",
				example = "ch_3MmlLrLkdIwHu7ix0snN0B15") String charge) {
}
