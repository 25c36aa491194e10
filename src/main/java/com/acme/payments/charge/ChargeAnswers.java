package com.acme.payments.charge;

import java.net.URI;

import tools.jackson.databind.json.JsonMapper;

import com.acme.payments.idempotency.StoredResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The answer {@code POST /charge} gives for a recorded charge, rendered without a request: what
 * recovery stores for a charge whose answer was lost. It is the answer the controller would have
 * given (same mapper, same body, same headers); {@code ChargeRecoveryTests} holds the two together.
 */
@Component
class ChargeAnswers {

	/** The path of the create operation, which a problem names as its {@code instance}. */
	static final URI CREATE_PATH = URI.create("/charge");

	private final JsonMapper json;

	ChargeAnswers(JsonMapper json) {
		this.json = json;
	}

	StoredResponse of(Charge charge) {
		if (charge.failed()) {
			ProblemDetail problem = ChargeProblems.declined(charge);
			problem.setInstance(CREATE_PATH);
			return new StoredResponse(problem.getStatus(), null, MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					this.json.writeValueAsBytes(problem));
		}
		return new StoredResponse(201, ChargeResponse.location(charge).toString(), MediaType.APPLICATION_JSON_VALUE,
				this.json.writeValueAsBytes(ChargeResponse.of(charge)));
	}

}
