/**
 * Exactly-once POST: {@code Idempotency-Key} claims in Postgres (the source of truth), stored
 * answers replayed from Redis or Postgres, leases for crashed requests, expiry and cleanup. See
 * {@code docs/idempotency.md}.
 */
package com.acme.payments.idempotency;
