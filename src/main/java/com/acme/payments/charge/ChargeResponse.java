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
@Schema(name = "Charge")
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({ "id", "object", "amount", "currency", "status", "source", "description", "metadata",
		"failure_code", "created" })
public record ChargeResponse(@Schema(example = "ch_3MmlLrLkdIwHu7ix0snN0B15") String id,
		@Schema(allowableValues = "charge") String object, @Schema(example = "1999") long amount,
		@Schema(example = "usd") String currency,
		@Schema(allowableValues = { "succeeded", "failed" }) String status,
		@Schema(example = "tok_visa") String source, @Schema(example = "Order 1234") String description,
		@Schema(example = "{\"order_id\": \"1234\"}") Map<String, String> metadata,
		@Schema(nullable = true, example = "null") @JsonProperty("failure_code") String failureCode,
		@Schema(example = "2026-11-28T12:00:00Z") Instant created) {

	static URI location(Charge charge) {
		return URI.create("/charges/" + charge.id());
	}

	static ChargeResponse of(Charge charge) {
		return new ChargeResponse(charge.id(), "charge", charge.amount(), charge.currency(), charge.status().value(),
				charge.source(), charge.description(), charge.metadata(), charge.failureCode(),
				charge.created().truncatedTo(ChronoUnit.SECONDS));
	}

}
