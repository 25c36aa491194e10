package com.acme.payments.processor;

import java.time.Instant;

/**
 * What the processor is asked to charge.
 *
 * @param downstreamKey the processor-side idempotency key; the same key never charges twice
 * @param user who is charged (the token's subject), kept by the processor beside the charge so that
 * reconciliation can tell whose it is
 * @param amount amount in minor units
 * @param currency lower-case ISO 4217 code
 * @param source payment-method token
 * @param attemptedAt when the attempt under this downstream key first started: a processor that
 * forgets keys (Stripe, after 24 hours) must not be sent a create for an old attempt again
 */
public record ProcessorRequest(String downstreamKey, String user, long amount, String currency, String source,
		Instant attemptedAt) {
}
