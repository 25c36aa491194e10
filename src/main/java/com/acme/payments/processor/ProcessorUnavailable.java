package com.acme.payments.processor;

import java.time.Duration;

import com.acme.payments.web.ApiProblem;
import com.acme.payments.web.ProblemType;

/** The processor gave no definitive answer: it failed before charging, or its answer was lost. */
public class ProcessorUnavailable extends ApiProblem {

	ProcessorUnavailable(String detail) {
		super(ProblemType.PROCESSOR_UNAVAILABLE, detail);
	}

	@Override
	public Duration retryAfter() {
		return Duration.ofSeconds(1);
	}

}
