package com.acme.payments.processor;

/**
 * The port to whatever actually moves money. An adapter must deduplicate by
 * {@link ProcessorRequest#downstreamKey()}: a second call with the same key returns the first
 * call's outcome and charges nothing new.
 */
public interface PaymentProcessor {

	/**
	 * Charges the source.
	 * @return the definitive outcome: approved or declined
	 * @throws ProcessorUnavailable when no definitive outcome is known (failure before charging, or
	 * an answer lost on the way back); retrying with the same downstream key is safe
	 */
	ProcessorResult charge(ProcessorRequest request);

}
