package com.acme.payments.charge;

import org.springframework.http.ProblemDetail;

import com.acme.payments.web.ApiProblem;
import com.acme.payments.web.ProblemType;

/** The processor declined the card; the failed charge is recorded and named in the answer. */
class ChargeDeclined extends ApiProblem {

	private final String chargeId;

	private final String declineCode;

	ChargeDeclined(Charge charge) {
		super(ProblemType.CARD_DECLINED, "The card was declined.");
		this.chargeId = charge.id();
		this.declineCode = charge.failureCode();
	}

	@Override
	public ProblemDetail body() {
		ProblemDetail problem = super.body();
		problem.setProperty("decline_code", this.declineCode);
		problem.setProperty("charge", this.chargeId);
		return problem;
	}

}
