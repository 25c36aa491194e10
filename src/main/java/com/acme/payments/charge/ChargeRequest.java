package com.acme.payments.charge;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.media.Schema;

import com.acme.payments.web.StorableText;

/** The body of {@code POST /charge}. Unknown fields are rejected by the strict JSON settings. */
@Schema(name = "ChargeRequest", example = """
		{"amount": 1999, "currency": "usd", "source": "tok_visa",
		 "description": "Order 1234", "metadata": {"order_id": "1234"}}""")
public record ChargeRequest(
		@Schema(description = "Amount in minor units (cents)", example = "1999", minimum = "1", maximum = "99999999",
				requiredMode = Schema.RequiredMode.REQUIRED) @NotNull @Min(1) @Max(99_999_999) Long amount,
		@Schema(description = "ISO 4217 code of a current currency, any case (ASCII letters); answered in lower case", example = "usd",
				requiredMode = Schema.RequiredMode.REQUIRED) @NotNull @StorableText @CurrencyCode String currency,
		@Schema(description = "Payment-method token", example = "tok_visa", minLength = 1, maxLength = 255,
				requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank @StorableText @Size(max = 255) String source,
		@Schema(description = "Free text shown to the merchant", example = "Order 1234",
				maxLength = 1000) @StorableText @Size(max = 1000) String description,
		@Schema(description = "Up to 50 string pairs; keys up to 40, values up to 500 characters",
				example = "{\"order_id\": \"1234\"}") @Size(max = 50, message = "must have at most 50 keys") Map<
						@NotBlank(message = "keys must not be blank") @StorableText @Size(max = 40,
								message = "keys must be at most 40 characters") String,
						@NotNull(message = "values must be strings") @StorableText @Size(max = 500,
								message = "values must be at most 500 characters") String> metadata) {

	public ChargeRequest {
		// Sorted, so that the answer lists metadata in one order whatever order the client used;
		// null values stay for validation to reject.
		metadata = (metadata != null) ? Collections.unmodifiableSortedMap(new TreeMap<>(metadata))
				: Collections.emptySortedMap();
	}

	/** The currency as the API answers it: the listed code, in lower case (ASCII only, once valid). */
	String normalizedCurrency() {
		return PaymentCurrencies.find(this.currency).toLowerCase(java.util.Locale.ROOT);
	}

}
