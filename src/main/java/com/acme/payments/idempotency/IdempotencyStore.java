package com.acme.payments.idempotency;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The {@code idempotency_keys} table, the source of truth. All times are the database's, so several
 * instances with skewed clocks agree on leases and expiry. See docs/idempotency.md for the states.
 */
@Repository
class IdempotencyStore {

	private static final SecureRandom random = new SecureRandom();

	/** A row is free to claim when its owner is presumed dead, it holds no answer, or it has expired. */
	private static final String CLAIM = """
			INSERT INTO idempotency_keys AS k (user_id, idempotency_key, fingerprint, state, lease_token,
			                                   lease_expires_at, downstream_key, created_at, expires_at)
			VALUES (:user, :key, :fingerprint, 'in_flight', :token, now() + :leaseMillis * interval '1 millisecond',
			        :downstreamKey, now(), now() + :ttlMillis * interval '1 millisecond')
			ON CONFLICT (user_id, idempotency_key) DO UPDATE SET
			    fingerprint = EXCLUDED.fingerprint,
			    state = 'in_flight',
			    lease_token = EXCLUDED.lease_token,
			    lease_expires_at = EXCLUDED.lease_expires_at,
			    downstream_key = CASE WHEN k.expires_at > now() AND k.fingerprint = EXCLUDED.fingerprint
			                          THEN k.downstream_key ELSE EXCLUDED.downstream_key END,
			    created_at = CASE WHEN k.expires_at > now() THEN k.created_at ELSE EXCLUDED.created_at END,
			    expires_at = CASE WHEN k.expires_at > now() THEN k.expires_at ELSE EXCLUDED.expires_at END,
			    previous_state = k.state,
			    response_status = NULL, response_location = NULL, response_content_type = NULL, response_body = NULL
			WHERE (k.state = 'in_flight' AND k.lease_expires_at <= now())
			   OR k.state = 'released'
			   OR (k.state = 'completed' AND k.expires_at <= now())
			RETURNING downstream_key, previous_state
			""";

	private final JdbcClient jdbc;

	IdempotencyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the key for this request, or says why not. Runs outside any transaction, so a successful
	 * claim is committed before the request has any side effect.
	 */
	Claim claim(String user, IdempotencyKey key, byte[] fingerprint, Duration lease, Duration ttl) {
		Assert.state(!TransactionSynchronizationManager.isActualTransactionActive(),
				"A claim must commit on its own, before any side effect");
		for (int attempt = 0; attempt < 3; attempt++) {
			UUID token = UUID.randomUUID();
			Optional<Claim> acquired = this.jdbc.sql(CLAIM)
				.param("user", user)
				.param("key", key.value())
				.param("fingerprint", fingerprint)
				.param("token", token)
				.param("leaseMillis", lease.toMillis())
				.param("downstreamKey", newDownstreamKey())
				.param("ttlMillis", ttl.toMillis())
				.query((rs, row) -> (Claim) new Claim.Acquired(token, new DownstreamKey(rs.getString(1)),
						rs.getString(2)))
				.optional();
			if (acquired.isPresent()) {
				return acquired.get();
			}
			Optional<Claim> existing = existing(user, key, fingerprint);
			if (existing.isPresent()) {
				return existing.get();
			}
			// The row was deleted by the cleanup between the two statements: claim again.
		}
		return new Claim.Refused(Claim.Conflict.IN_USE);
	}

	private Optional<Claim> existing(String user, IdempotencyKey key, byte[] fingerprint) {
		return this.jdbc.sql("""
				SELECT fingerprint, state, response_status, response_location, response_content_type, response_body,
				       GREATEST(0, (EXTRACT(EPOCH FROM expires_at - now()) * 1000)::bigint)
				FROM idempotency_keys WHERE user_id = :user AND idempotency_key = :key
				""").param("user", user).param("key", key.value()).query((rs, row) -> {
			if (!Arrays.equals(rs.getBytes(1), fingerprint)) {
				return (Claim) new Claim.Refused(Claim.Conflict.REUSED);
			}
			if ("completed".equals(rs.getString(2))) {
				return new Claim.Completed(
						new StoredResponse(rs.getInt(3), rs.getString(4), rs.getString(5), rs.getBytes(6)),
						Duration.ofMillis(rs.getLong(7)));
			}
			return new Claim.Refused(Claim.Conflict.IN_USE);
		}).optional();
	}

	/**
	 * Stores the answer. Must run in the transaction that holds the request's own writes, so that
	 * both commit or neither does.
	 * @return the remaining lifetime of the record, or empty if the lease was lost to another request
	 */
	Optional<Duration> complete(String user, IdempotencyKey key, UUID leaseToken, StoredResponse response) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"Completion must share the transaction of the request's writes");
		return this.jdbc.sql("""
				UPDATE idempotency_keys
				SET state = 'completed', lease_token = NULL, lease_expires_at = NULL, response_status = :status,
				    response_location = :location, response_content_type = :contentType, response_body = :body
				WHERE user_id = :user AND idempotency_key = :key AND lease_token = :token AND state = 'in_flight'
				RETURNING GREATEST(0, (EXTRACT(EPOCH FROM expires_at - now()) * 1000)::bigint)
				""")
			.param("status", response.status())
			.param("location", response.location())
			.param("contentType", response.contentType())
			.param("body", response.body())
			.param("user", user)
			.param("key", key.value())
			.param("token", leaseToken)
			.query((rs, row) -> Duration.ofMillis(rs.getLong(1)))
			.optional();
	}

	/** Frees the key after an answer that is not stored; keeps the downstream key for a retry. */
	void release(String user, IdempotencyKey key, UUID leaseToken) {
		this.jdbc.sql("""
				UPDATE idempotency_keys SET state = 'released', lease_token = NULL, lease_expires_at = NULL
				WHERE user_id = :user AND idempotency_key = :key AND lease_token = :token AND state = 'in_flight'
				""").param("user", user).param("key", key.value()).param("token", leaseToken).update();
	}

	/**
	 * Deletes up to {@code batchSize} expired rows whose owner, if any, is gone. Rows locked by a
	 * concurrent claim or by another instance's cleanup are skipped, not waited for.
	 * @return how many rows were deleted
	 */
	int deleteExpired(int batchSize) {
		return this.jdbc.sql("""
				DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
				    SELECT ctid FROM idempotency_keys
				    WHERE expires_at <= now() AND (state <> 'in_flight' OR lease_expires_at <= now())
				    ORDER BY expires_at
				    LIMIT :batchSize
				    FOR UPDATE SKIP LOCKED))
				""").param("batchSize", batchSize).update();
	}

	private static String newDownstreamKey() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return "dk_" + HexFormat.of().formatHex(bytes);
	}

}
