package com.acme.payments.processor;

/**
 * What the processor is asked to charge.
 *
 * @param downstreamKey the processor-side idempotency key; the same key never charges twice
 * @param amount amount in minor units
 * @param currency lower-case ISO 4217 code
 * @param source payment-method token
 */
public record ProcessorRequest(String downstreamKey, long amount, String currency, String source) {
}
