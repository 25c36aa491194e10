package com.acme.payments.charge;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

/** The charge object of the API (docs/api.md). */
@Schema(name = "Charge", description = "A charge: one attempt that reached the processor with a definitive answer.",
		requiredProperties = { "id", "object", "amount", "currency", "status", "source", "description", "metadata",
				"failure_code", "created" })
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "id", "object", "amount", "currency", "status", "source", "description", "metadata",
		"failure_code", "created" })
public record ChargeResponse(
		@Schema(description = "`ch_` and 24 random letters and digits", example = "ch_3MmlLrLkdIwHu7ix0snN0B15") String id,
		@Schema(description = "Always `charge`", allowableValues = "charge") String object,
		@Schema(description = "Minor units", example = "1999") long amount,
		@Schema(description = "ISO 4217, lower case", example = "usd") String currency,
		@Schema(description = "Whether the processor took the money", allowableValues = { "succeeded", "failed" }) String status,
		@Schema(description = "The payment-method token", example = "tok_visa") String source,
		@Schema(description = "As sent, or null", types = { "string", "null" }, example = "Order 1234") String description,
		@Schema(description = "As sent, sorted by key; empty when none was sent",
				example = "{\"order_id\": \"1234\"}") Map<String, String> metadata,
		@Schema(description = "The decline code of a failed charge, null when it succeeded", types = { "string", "null" },
				example = "insufficient_funds") @JsonProperty("failure_code") String failureCode,
		@Schema(description = "When the charge was attempted, to the second", example = "2026-11-28T12:00:00Z") Instant created) {

	static URI location(Charge charge) {
		return URI.create("/charges/" + charge.id());
	}

	static ChargeResponse of(Charge charge) {
		return new ChargeResponse(charge.id(), "charge", charge.amount(), charge.currency(), charge.status().value(),
				charge.source(), charge.description(), charge.metadata(), charge.failureCode(),
				charge.created().truncatedTo(ChronoUnit.SECONDS));
	}

}
