package com.acme.payments.charge;

import com.acme.payments.web.ApiProblem;
import com.acme.payments.web.ProblemType;

/** No charge with this id belongs to the caller (whether it exists for someone else is not said). */
class ChargeNotFound extends ApiProblem {

	ChargeNotFound(String id) {
		super(ProblemType.NOT_FOUND, "No such charge: " + sanitize(id));
	}

	private static String sanitize(String id) {
		String visible = id.replaceAll("[^A-Za-z0-9_]", "");
		return (visible.length() > 40) ? visible.substring(0, 40) + "…" : visible;
	}

}
