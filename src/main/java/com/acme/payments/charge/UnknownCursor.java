package com.acme.payments.charge;

/** A {@code starting_after} cursor that is not one of the caller's charges. */
class UnknownCursor extends RuntimeException {

	UnknownCursor() {
		super("no such charge", null, false, false);
	}

}
