package com.acme.payments.charge;

import java.time.Instant;
import java.util.Map;

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

	Charge withCreated(Instant created) {
		return new Charge(this.id, this.userId, this.amount, this.currency, this.status, this.source,
				this.description, this.metadata, this.failureCode, this.processorChargeId, created);
	}

}
