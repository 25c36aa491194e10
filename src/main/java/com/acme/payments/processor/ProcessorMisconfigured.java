package com.acme.payments.processor;

/**
 * The processor's settings do not allow the service to run safely; the service stops at start-up
 * and says which setting to change.
 */
public class ProcessorMisconfigured extends RuntimeException {

	private final String howToFix;

	public ProcessorMisconfigured(String problem, String howToFix) {
		super(problem);
		this.howToFix = howToFix;
	}

	public String howToFix() {
		return this.howToFix;
	}

}
