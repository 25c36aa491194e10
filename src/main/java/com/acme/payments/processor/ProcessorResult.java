package com.acme.payments.processor;

/**
 * A definitive answer from the processor.
 *
 * @param processorChargeId the processor's own id of the attempt
 * @param declineCode {@code null} when approved, else why the card was declined
 */
public record ProcessorResult(String processorChargeId, String declineCode) {

	public boolean approved() {
		return this.declineCode == null;
	}

}
