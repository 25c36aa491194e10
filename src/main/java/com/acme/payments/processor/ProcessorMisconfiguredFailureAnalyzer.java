package com.acme.payments.processor;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up fails with the setting to change, not a stack trace. */
class ProcessorMisconfiguredFailureAnalyzer extends AbstractFailureAnalyzer<ProcessorMisconfigured> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ProcessorMisconfigured cause) {
		return new FailureAnalysis(cause.getMessage(), cause.howToFix(), cause);
	}

}
