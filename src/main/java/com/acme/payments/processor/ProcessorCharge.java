package com.acme.payments.processor;

import java.time.Instant;

/**
 * A charge as the processor's own books have it, for reconciliation.
 *
 * @param processorChargeId the processor's id
 * @param downstreamKey the key it was made under ({@code null} when the processor holds none: a
 * charge made outside this service)
 * @param user whose it is, as the service told the processor ({@code null} when it does not say)
 * @param amount in minor units
 * @param currency lower-case ISO 4217 code
 * @param source the payment method
 * @param declineCode {@code null} when it succeeded
 * @param created when the processor made it
 */
public record ProcessorCharge(String processorChargeId, String downstreamKey, String user, long amount,
		String currency, String source, String declineCode, Instant created) {

	public boolean succeeded() {
		return this.declineCode == null;
	}

	/** The outcome as the port reports it to a charge. */
	public ProcessorResult result() {
		return new ProcessorResult(this.processorChargeId, this.declineCode);
	}

}
