/**
 * Per-user token buckets in Redis (Bucket4j), shared by every instance, with the IETF RateLimit
 * headers. See {@code docs/rate-limiting.md}.
 */
package com.acme.payments.ratelimit;
