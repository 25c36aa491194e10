package com.acme.payments.charge;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** A page of charges, newest first; {@code has_more} tells whether another page follows. */
@Schema(name = "ChargeList")
public record ChargeList(@Schema(allowableValues = "list") String object, List<ChargeResponse> data,
		@JsonProperty("has_more") boolean hasMore) {

	static ChargeList of(List<Charge> page, boolean hasMore) {
		return new ChargeList("list", page.stream().map(ChargeResponse::of).toList(), hasMore);
	}

}
