package com.acme.payments.charge;

/** No charge with this id belongs to the caller (whether it exists for someone else is not said). */
class ChargeNotFound extends RuntimeException {

	private final String id;

	ChargeNotFound(String id) {
		super("No such charge", null, false, false);
		this.id = id;
	}

	String id() {
		return this.id;
	}

}
