package com.acme.payments.processor;

/**
 * The processor holds more than one charge under one downstream key. Never guessed between: the
 * attempt stays unknown, the finding is counted ({@code payments_processor_lookup_ambiguous_total})
 * and ops decide.
 */
public class ProcessorLookupAmbiguous extends ProcessorUnavailable {

	public ProcessorLookupAmbiguous(String message) {
		super(message);
	}

}
