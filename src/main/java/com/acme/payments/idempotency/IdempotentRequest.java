package com.acme.payments.idempotency;

/** An idempotent request as the execution sees it: whose, under which key, which request exactly. */
record IdempotentRequest(String user, IdempotencyKey key, byte[] fingerprint, byte[] body) {
}
