package com.acme.payments.idempotency;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The {@code idempotency_keys} table, the source of truth, one key at a time: what a request (or a
 * recovery) does to its key, claim, complete, release, mark unknown. The statements over many keys
 * that background work runs are in {@link KeySweeps}. Every statement runs on its own, in
 * auto-commit, so no transaction is ever open while an attempt calls the outside world. All times
 * are the database's, so several instances with skewed clocks agree on leases, expiry and recovery.
 * See docs/idempotency.md for the states.
 */
@Repository
class IdempotencyStore {

	private static final SecureRandom random = new SecureRandom();

	/**
	 * A row is free to claim when it holds no answer, has expired, or its outcome is unknown and the
	 * same request comes back (a dead request's lease has run out, or its processor answer was lost):
	 * the same request keeps its downstream key, so the processor returns what it already did.
	 */
	private static final String CLAIM = """
			INSERT INTO idempotency_keys AS k (user_id, idempotency_key, fingerprint, state, lease_token,
			                                   lease_expires_at, downstream_key, request_body, attempted_at,
			                                   sent_at, recover_at, created_at, expires_at)
			VALUES (:user, :key, :fingerprint, 'in_flight', :token, now() + :leaseMillis * interval '1 millisecond',
			        :downstreamKey, :body, now(), now(), now() + :recoverMillis * interval '1 millisecond', now(),
			        now() + :ttlMillis * interval '1 millisecond')
			ON CONFLICT (user_id, idempotency_key) DO UPDATE SET
			    fingerprint = EXCLUDED.fingerprint,
			    state = 'in_flight',
			    lease_token = EXCLUDED.lease_token,
			    lease_expires_at = EXCLUDED.lease_expires_at,
			    downstream_key = CASE WHEN k.fingerprint = EXCLUDED.fingerprint
			                               AND (k.expires_at > now() OR k.state IN ('in_flight', 'unknown'))
			                          THEN k.downstream_key ELSE EXCLUDED.downstream_key END,
			    request_body = EXCLUDED.request_body,
			    -- when the downstream key was first used: kept with the key, so a processor that forgets
			    -- keys (Stripe, after 24 h) is never sent a create for an old attempt as if it were new
			    attempted_at = CASE WHEN k.fingerprint = EXCLUDED.fingerprint
			                             AND (k.expires_at > now() OR k.state IN ('in_flight', 'unknown'))
			                        THEN COALESCE(k.attempted_at, now()) ELSE now() END,
			    -- this claim may send under the downstream key: a lagging look-up cannot see it for a while
			    sent_at = now(),
			    recover_at = EXCLUDED.recover_at,
			    recovery_attempts = 0,
			    created_at = CASE WHEN k.expires_at > now() THEN k.created_at ELSE EXCLUDED.created_at END,
			    expires_at = CASE WHEN k.expires_at > now() THEN k.expires_at ELSE EXCLUDED.expires_at END,
			    previous_state = k.state,
			    response_status = NULL, response_location = NULL, response_content_type = NULL, response_body = NULL
			WHERE k.state = 'released'
			   OR (k.state = 'completed' AND k.expires_at <= now())
			   OR (k.state = 'in_flight' AND k.lease_expires_at <= now() AND k.fingerprint = EXCLUDED.fingerprint)
			   OR (k.state = 'unknown' AND k.fingerprint = EXCLUDED.fingerprint)
			RETURNING downstream_key, previous_state, attempted_at
			""";

	/**
	 * Completes the key, and (with a {@link Recording}) writes the record of the side effect, in one
	 * statement. The answer lives a full TTL from now if its key would expire sooner: an attempt
	 * resumed just before its key's expiry, or one that stayed unknown for longer than the TTL, must
	 * not be recorded as already expired, or its retry would be a new request and charge again.
	 */
	private static final String COMPLETE = """
			WITH completed AS (
			    UPDATE idempotency_keys
			    SET state = 'completed', lease_token = NULL, lease_expires_at = NULL, recover_at = NULL,
			        request_body = NULL, response_status = :k_status, response_location = :k_location,
			        response_content_type = :k_contentType, response_body = :k_body,
			        expires_at = GREATEST(expires_at, now() + :k_ttlMillis * interval '1 millisecond')
			    WHERE user_id = :k_user AND idempotency_key = :k_key AND lease_token = :k_token AND state = 'in_flight'
			    RETURNING GREATEST(0, (EXTRACT(EPOCH FROM expires_at - now()) * 1000)::bigint) AS remaining_millis,
			              downstream_key
			)%s
			SELECT remaining_millis FROM completed
			""";

	private final JdbcClient jdbc;

	IdempotencyStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the key for this request, or says why not. Runs outside any transaction, so a successful
	 * claim is committed before the request has any side effect.
	 * @param recoverAfter how long after the lease runs out recovery may take over a dead attempt
	 */
	Claim claim(String user, IdempotencyKey key, byte[] fingerprint, byte[] body, Duration lease,
			Duration recoverAfter, Duration ttl) {
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
				.param("body", body)
				.param("recoverMillis", lease.plus(recoverAfter).toMillis())
				.param("ttlMillis", ttl.toMillis())
				.query((rs, row) -> (Claim) new Claim.Acquired(token, new DownstreamKey(rs.getString(1)),
						rs.getString(2), instant(rs, 3)))
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
	 * Stores the answer, and the record of the side effect if there is one, in one statement.
	 * @param recording the write that records the side effect, or {@code null}
	 * @param ttl how long an answer lives at least from now (the keys' TTL)
	 * @return the remaining lifetime of the record, or empty if the lease was lost to another attempt
	 * (then nothing was written)
	 */
	Optional<Duration> complete(String user, String key, UUID leaseToken, StoredResponse response,
			Recording recording, Duration ttl) {
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("k_ttlMillis", ttl.toMillis());
		parameters.put("k_status", response.status());
		parameters.put("k_location", response.location());
		parameters.put("k_contentType", response.contentType());
		parameters.put("k_body", response.body());
		parameters.put("k_user", user);
		parameters.put("k_key", key);
		parameters.put("k_token", leaseToken);
		String recorded = "";
		if (recording != null) {
			parameters.putAll(recording.parameters());
			recorded = ",\nrecorded AS (\n" + recording.sql().strip() + "\n)";
		}
		return this.jdbc.sql(COMPLETE.formatted(recorded))
			.params(parameters)
			.query((rs, row) -> Duration.ofMillis(rs.getLong(1)))
			.optional();
	}

	/** Frees the key after an attempt that did nothing; keeps the downstream key for a retry. */
	void release(String user, String key, UUID leaseToken) {
		this.jdbc.sql("""
				UPDATE idempotency_keys SET state = 'released', lease_token = NULL, lease_expires_at = NULL,
				    recover_at = NULL, request_body = NULL
				WHERE user_id = :user AND idempotency_key = :key AND lease_token = :token AND state = 'in_flight'
				""").param("user", user).param("key", key).param("token", leaseToken).update();
	}

	/**
	 * Keeps the key bound to its request with the outcome unknown: no other request may use it, the
	 * same request retried resumes it, and recovery asks the processor after {@code recoverAfter}.
	 */
	void markUnknown(String user, String key, UUID leaseToken, Duration recoverAfter) {
		this.jdbc.sql("""
				UPDATE idempotency_keys SET state = 'unknown', lease_token = NULL, lease_expires_at = NULL,
				    recover_at = now() + :recoverMillis * interval '1 millisecond'
				WHERE user_id = :user AND idempotency_key = :key AND lease_token = :token AND state = 'in_flight'
				""")
			.param("recoverMillis", recoverAfter.toMillis())
			.param("user", user)
			.param("key", key)
			.param("token", leaseToken)
			.update();
	}

	static Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static String newDownstreamKey() {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		return "dk_" + HexFormat.of().formatHex(bytes);
	}

}
