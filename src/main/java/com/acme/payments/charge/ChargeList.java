package com.acme.payments.charge;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** A page of charges, newest first; {@code has_more} tells whether another page follows. */
@Schema(name = "ChargeList", description = "A page of charges, newest first.",
		requiredProperties = { "object", "data", "has_more" })
public record ChargeList(@Schema(description = "Always `list`", allowableValues = "list") String object,
		@Schema(description = "The charges of this page") List<ChargeResponse> data,
		@Schema(description = "Whether another page follows") @JsonProperty("has_more") boolean hasMore) {

	static ChargeList of(List<Charge> page, boolean hasMore) {
		return new ChargeList("list", page.stream().map(ChargeResponse::of).toList(), hasMore);
	}

}
