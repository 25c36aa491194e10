package com.acme.payments.charge;

/** The processor declined the card; the failed charge is recorded. */
class ChargeDeclined extends RuntimeException {

	private final transient Charge charge;

	ChargeDeclined(Charge charge) {
		super("The card was declined.", null, false, false);
		this.charge = charge;
	}

	Charge charge() {
		return this.charge;
	}

}
