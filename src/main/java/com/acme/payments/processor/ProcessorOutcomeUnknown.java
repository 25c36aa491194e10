package com.acme.payments.processor;

import java.time.Duration;

import com.acme.payments.web.ApiProblem;
import com.acme.payments.web.ProblemType;

/**
 * The processor's answer was lost after the request may have reached it: it may have charged. Only
 * the same downstream key can find out, so the idempotency key stays bound to its request.
 */
public class ProcessorOutcomeUnknown extends ApiProblem {

	ProcessorOutcomeUnknown(String detail) {
		super(ProblemType.PROCESSOR_UNAVAILABLE, detail);
	}

	@Override
	public Duration retryAfter() {
		return Duration.ofSeconds(1);
	}

}
