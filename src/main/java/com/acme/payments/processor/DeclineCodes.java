package com.acme.payments.processor;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Why a card was declined, as the API says it ({@code decline_code} of a {@code card-declined}
 * problem, {@code failure_code} of a charge): a closed list, so that clients can switch on it
 * exhaustively. It is Stripe's card decline codes (and the error codes Stripe gives in their place),
 * plus {@code invalid_source} for a source the processor does not know. An adapter maps any other
 * code its processor invents to {@link #GENERIC_DECLINE}: adding one here is a change to the API.
 */
public final class DeclineCodes {

	public static final String GENERIC_DECLINE = "generic_decline";

	public static final String INVALID_SOURCE = "invalid_source";

	private static final Set<String> KNOWN = Set.of("authentication_required", "approve_with_id", "call_issuer",
			"card_declined", "card_not_supported", "card_velocity_exceeded", "currency_not_supported", "do_not_honor",
			"do_not_try_again", "duplicate_transaction", "expired_card", "fraudulent", GENERIC_DECLINE, "incorrect_cvc",
			"incorrect_number", "incorrect_pin", "incorrect_zip", "insufficient_funds", "invalid_account",
			"invalid_amount", "invalid_cvc", "invalid_expiry_month", "invalid_expiry_year", "invalid_number",
			"invalid_pin", INVALID_SOURCE, "issuer_not_available", "lost_card", "merchant_blacklist",
			"new_account_information_available", "no_action_taken", "not_permitted", "offline_pin_required",
			"online_or_offline_pin_required", "pickup_card", "pin_try_exceeded", "processing_error",
			"reenter_transaction", "restricted_card", "revocation_of_all_authorizations",
			"revocation_of_authorization", "security_violation", "service_not_allowed", "stolen_card",
			"stop_payment_order", "testmode_decline", "transaction_not_allowed", "try_again_later",
			"withdrawal_count_limit_exceeded");

	private DeclineCodes() {
	}

	/** Every code, sorted: the OpenAPI document's {@code DeclineCode} enum. */
	public static SortedSet<String> all() {
		return new TreeSet<>(KNOWN);
	}

	public static boolean isKnown(String code) {
		return code != null && KNOWN.contains(code);
	}

	/** The code itself when the API knows it, else {@link #GENERIC_DECLINE}. */
	public static String orGeneric(String code) {
		return isKnown(code) ? code : GENERIC_DECLINE;
	}

}
