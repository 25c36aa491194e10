package com.acme.payments.processor;

/** The processor definitively did nothing: it failed before charging, or could not be reached. */
public class ProcessorUnavailable extends RuntimeException {

	ProcessorUnavailable(String message) {
		super(message, null, false, false);
	}

}
