package com.acme.payments.processor.stripe;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.acme.payments.processor.DeclineCodes;
import com.acme.payments.processor.ProcessorCharge;
import com.acme.payments.processor.ProcessorOutcomeUnknown;
import com.acme.payments.processor.ProcessorRejectedRequest;
import com.acme.payments.processor.ProcessorResult;
import com.acme.payments.processor.ProcessorUnavailable;

/**
 * What Stripe's answers mean for the port: the table of docs/processors.md, in one place. A
 * definitive answer is a {@link ProcessorResult} (charged, or declined with a code); "nothing
 * charged" is {@link ProcessorUnavailable} or {@link ProcessorRejectedRequest}; anything after which
 * Stripe may have charged is {@link ProcessorOutcomeUnknown}.
 */
final class StripeOutcomes {

	static final String DOWNSTREAM_KEY = "downstream_key";

	static final String USER = "user";

	/** The decline code for a payment method Stripe does not know. */
	static final String INVALID_SOURCE = DeclineCodes.INVALID_SOURCE;

	private static final Logger log = LoggerFactory.getLogger(StripeOutcomes.class);

	private StripeOutcomes() {
	}

	/** The answer to a create that came back with a PaymentIntent. */
	static ProcessorResult ofCreated(PaymentIntent intent) {
		return ofIntent(intent).orElseThrow(() -> new ProcessorOutcomeUnknown("Stripe has not finished the payment ("
				+ intent.getStatus() + "); the outcome is not known yet."));
	}

	/** A PaymentIntent found by a look-up: its outcome, or "cannot tell yet" while it is not final. */
	static Optional<ProcessorResult> ofFound(PaymentIntent intent) {
		Optional<ProcessorResult> result = ofIntent(intent);
		if (result.isEmpty()) {
			throw new ProcessorUnavailable("Stripe has not finished the payment (" + intent.getStatus() + ") yet.");
		}
		return result;
	}

	/** A listed PaymentIntent as the processor's books have it; empty while it is not final. */
	static Optional<ProcessorCharge> ofListed(PaymentIntent intent) {
		Map<String, String> metadata = (intent.getMetadata() != null) ? intent.getMetadata() : Map.of();
		return ofIntent(intent).map((result) -> new ProcessorCharge(intent.getId(), metadata.get(DOWNSTREAM_KEY),
				metadata.get(USER), (intent.getAmount() != null) ? intent.getAmount() : 0,
				String.valueOf(intent.getCurrency()).toLowerCase(Locale.ROOT), intent.getPaymentMethod(),
				result.declineCode(), Instant.ofEpochSecond((intent.getCreated() != null) ? intent.getCreated() : 0)));
	}

	/** The final outcome of a PaymentIntent, or empty while Stripe is still at it. */
	private static Optional<ProcessorResult> ofIntent(PaymentIntent intent) {
		String status = String.valueOf(intent.getStatus());
		return switch (status) {
			case "succeeded" -> Optional.of(new ProcessorResult(intent.getId(), null));
			case "requires_payment_method", "canceled" -> Optional
				.of(new ProcessorResult(intent.getId(), declineCode(intent.getLastPaymentError(), DeclineCodes.GENERIC_DECLINE)));
			case "requires_action" -> Optional.of(new ProcessorResult(intent.getId(), "authentication_required"));
			default -> {
				// processing, requires_confirmation, requires_capture: not an outcome we asked for or know
				log.warn("PaymentIntent {} is {}: outcome left unknown", intent.getId(), status);
				yield Optional.empty();
			}
		};
	}

	/**
	 * What a create that ended in an exception means: the result of a decline, else the exception
	 * that says whether anything may have been charged.
	 * @param tries how its tries went, for connection failures the SDK reports only the last of
	 */
	static ProcessorResult ofFailedCreate(StripeException ex, TriesLog.Tries tries, String downstreamKey) {
		if (ex instanceof CardException card) {
			// 402: declined, nothing charged; the failed PaymentIntent names the attempt
			return new ProcessorResult(intentId(card, downstreamKey), declineCode(card.getStripeError(), "card_declined"));
		}
		if (ex instanceof IdempotencyException) {
			throw unknown("Stripe saw this Idempotency-Key with other parameters (idempotency_error)");
		}
		if (ex instanceof InvalidRequestException invalid) {
			return invalidRequest(invalid, downstreamKey);
		}
		Integer status = ex.getStatusCode();
		if (tries != null && tries.count() > 1 && (ex instanceof AuthenticationException
				|| ex instanceof PermissionException || ex instanceof RateLimitException
				|| (status != null && (status == 401 || status == 403 || status == 429)))) {
			// the last try was refused before Stripe looked at it; an earlier one may have charged
			throw unknown("Stripe refused a retry (" + status + ") after an earlier try that may have reached it");
		}
		if (ex instanceof AuthenticationException || ex instanceof PermissionException
				|| (status != null && (status == 401 || status == 403))) {
			log.error("Stripe refused the service's API key ({}): check payments.processor.stripe.api-key",
					ex.getStatusCode());
			throw new ProcessorUnavailable("The payment processor refused the service's credentials; nothing was "
					+ "charged.");
		}
		if (ex instanceof RateLimitException || (status != null && status == 429)) {
			throw new ProcessorUnavailable("The payment processor is rate-limiting the service; nothing was charged.");
		}
		if (ex instanceof ApiConnectionException) {
			if (tries != null && !tries.mayHaveReachedStripe()) {
				throw new ProcessorUnavailable("The payment processor could not be reached; nothing was sent.");
			}
			throw unknown("The connection to Stripe failed after the request may have reached it");
		}
		// 409 idempotency_key_in_use, any 5xx (a saved 500 too), anything else: it may have charged
		throw unknown("Stripe answered " + ex.getStatusCode() + " (" + ex.getCode() + ")");
	}

	private static ProcessorResult invalidRequest(InvalidRequestException invalid, String downstreamKey) {
		StripeError error = invalid.getStripeError();
		String param = (error != null && error.getParam() != null) ? error.getParam() : "";
		String code = (error != null && error.getCode() != null) ? error.getCode() : "invalid_request";
		if ("idempotency_error".equals((error != null) ? error.getType() : null)) {
			throw unknown("Stripe saw this Idempotency-Key with other parameters (idempotency_error)");
		}
		if (param.startsWith("payment_method") || param.startsWith("source")
				|| "resource_missing".equals(code) && param.isEmpty()) {
			// the source is not a payment method Stripe knows: nothing charged, a decline like any other
			return new ProcessorResult(intentId(invalid, downstreamKey), INVALID_SOURCE);
		}
		throw new ProcessorRejectedRequest(field(param), "is not accepted by the payment processor (" + code + ")");
	}

	/** Stripe's parameter in the API's own names. */
	private static String field(String param) {
		String root = param.replaceAll("\\[.*", "").toLowerCase(Locale.ROOT);
		return switch (root) {
			case "amount", "currency", "description", "metadata" -> root;
			default -> "body";
		};
	}

	/** Stripe's decline code (or error code), as one of the API's {@link DeclineCodes}. */
	private static String declineCode(StripeError error, String otherwise) {
		String code = otherwise;
		if (error != null && error.getDeclineCode() != null) {
			code = error.getDeclineCode();
		}
		else if (error != null && error.getCode() != null) {
			code = error.getCode();
		}
		if (!DeclineCodes.isKnown(code)) {
			log.info("Stripe declined with a code the API does not list ({}); answering {}", (code == null) ? null : code.substring(0, Math.min(code.length(), 64)).replaceAll("[^A-Za-z0-9_]", "?"),
					DeclineCodes.GENERIC_DECLINE);
		}
		return DeclineCodes.orGeneric(code);
	}

	/** The failed PaymentIntent's id, else Stripe's request id, else one made from the attempt's key. */
	private static String intentId(StripeException ex, String downstreamKey) {
		StripeError error = ex.getStripeError();
		if (error != null && error.getPaymentIntent() != null && error.getPaymentIntent().getId() != null) {
			return error.getPaymentIntent().getId();
		}
		return (ex.getRequestId() != null) ? ex.getRequestId() : "declined_" + downstreamKey;
	}

	private static ProcessorOutcomeUnknown unknown(String why) {
		log.warn("Stripe charge outcome unknown: {}", why);
		return new ProcessorOutcomeUnknown(why + "; the charge may have been made. Retry with the same request and "
				+ "Idempotency-Key.");
	}

}
