package com.acme.payments.processor;

import java.time.Instant;

/**
 * A charge the processor has not finished yet (Stripe: {@code processing},
 * {@code requires_capture}, {@code requires_confirmation}), for reconciliation: it is compared
 * again later, until it is final or has been waited for long enough.
 *
 * @param processorChargeId the processor's id
 * @param downstreamKey the key it was made under ({@code null}: not made by this service)
 * @param created when the processor made it
 */
public record UnsettledCharge(String processorChargeId, String downstreamKey, Instant created) {
}
