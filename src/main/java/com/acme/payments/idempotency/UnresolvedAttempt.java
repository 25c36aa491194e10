package com.acme.payments.idempotency;

import java.time.Instant;
import java.util.UUID;

/**
 * An attempt whose outcome is unknown (its processor answer was lost, or its request died), now
 * leased to recovery. Only the lease holder may resolve it.
 *
 * @param requestBody the body of the request, as the client sent it
 * @param attemptedAt when the attempt that may have had a side effect claimed the key (the first claim
 * under its downstream key)
 * @param sentAt when a request under the downstream key was last sent, or may have been: the last claim
 * @param attempts how often recovery has taken it, this time included
 */
public record UnresolvedAttempt(String user, String key, DownstreamKey downstreamKey, byte[] requestBody,
		Instant attemptedAt, Instant sentAt, UUID leaseToken, int attempts) {
}
