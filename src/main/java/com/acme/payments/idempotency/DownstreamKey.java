package com.acme.payments.idempotency;

/**
 * The key under which an idempotent request's side effect is sent downstream (to the processor).
 * It stays the same for every retry of the same request while the idempotency record lives, so a
 * retry after a crash or a lost answer never charges twice.
 */
public record DownstreamKey(String value) {
}
