package com.acme.payments.charge;

import java.time.Instant;
import java.util.Map;

import com.acme.payments.processor.ProcessorResult;

/**
 * A charge as stored: one attempt that reached the processor with a definitive answer.
 *
 * @param failureCode the decline code of a failed charge, {@code null} when it succeeded
 */
record Charge(String id, String userId, long amount, String currency, Status status, String source,
		String description, Map<String, String> metadata, String failureCode, String processorChargeId,
		Instant created) {

	enum Status {

		SUCCEEDED, FAILED;

		String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		static Status of(String value) {
			return valueOf(value.toUpperCase(java.util.Locale.ROOT));
		}

	}

	boolean failed() {
		return this.status == Status.FAILED;
	}

	/** A new charge for the processor's definitive answer to the request, with a new id. */
	static Charge of(String userId, ChargeRequest request, ProcessorResult result, Instant created) {
		return new Charge(ChargeId.next(), userId, request.amount(), request.normalizedCurrency(),
				result.approved() ? Status.SUCCEEDED : Status.FAILED, request.source(), request.description(),
				request.metadata(), result.declineCode(), result.processorChargeId(), created);
	}

}
