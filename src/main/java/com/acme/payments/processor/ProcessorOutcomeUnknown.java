package com.acme.payments.processor;

/**
 * The processor's answer was lost after the request may have reached it: it may have charged. Only
 * the same downstream key can find out, so the idempotency key stays bound to its request.
 */
public class ProcessorOutcomeUnknown extends RuntimeException {

	public ProcessorOutcomeUnknown(String message) {
		super(message, null, false, false);
	}

}
