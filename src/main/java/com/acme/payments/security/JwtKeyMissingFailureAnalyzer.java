package com.acme.payments.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or weak JWT key into a start-up message that says which property to set. */
class JwtKeyMissingFailureAnalyzer extends AbstractFailureAnalyzer<JwtKeyMissing> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, JwtKeyMissing cause) {
		return new FailureAnalysis(cause.getMessage(), JwtKeyMissing.HOW_TO_FIX, cause);
	}

}
