package com.acme.payments.processor;

import java.util.Optional;

/**
 * The port to whatever actually moves money. An adapter must deduplicate by
 * {@link ProcessorRequest#downstreamKey()}: a second call with the same key returns the first
 * call's outcome and charges nothing new.
 */
public interface PaymentProcessor {

	/**
	 * Charges the source.
	 * @return the definitive outcome: approved or declined
	 * @throws ProcessorUnavailable when the processor definitively charged nothing (it failed before
	 * charging, or was never reached)
	 * @throws ProcessorOutcomeUnknown when the request may have reached the processor and its answer
	 * was lost (a timeout, a dropped connection): it may have charged; ask again with the same
	 * downstream key, by {@link #charge} or {@link #lookup}
	 */
	ProcessorResult charge(ProcessorRequest request);

	/**
	 * What the processor did under a downstream key, without charging anything.
	 * @return the outcome of the charge made under the key, or empty when nothing was charged under it
	 * @throws ProcessorUnavailable when the processor cannot be asked now
	 */
	Optional<ProcessorResult> lookup(String downstreamKey);

}
