package com.acme.payments.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The statements over many keys of {@code idempotency_keys} that background work runs, each one
 * auto-commit statement that several instances may run at once: recovery leases the attempts that
 * are due and counts those unresolved, cleanup deletes expired rows. Rows another instance (or a
 * request) holds are skipped ({@code SKIP LOCKED}), never waited for.
 */
@Repository
class KeySweeps {

	private final JdbcClient jdbc;

	KeySweeps(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Leases up to {@code limit} attempts that are due for recovery, skipping those another instance
	 * holds. A leased attempt is due again when its lease runs out, so a recovery that dies is
	 * resumed by another.
	 */
	List<UnresolvedAttempt> leaseDue(int limit, Duration lease) {
		return this.jdbc.sql("""
				UPDATE idempotency_keys k
				SET previous_state = k.state, state = 'in_flight', lease_token = gen_random_uuid(),
				    lease_expires_at = now() + :leaseMillis * interval '1 millisecond',
				    recover_at = now() + :leaseMillis * interval '1 millisecond',
				    recovery_attempts = k.recovery_attempts + 1
				WHERE ctid = ANY (ARRAY(
				    SELECT ctid FROM idempotency_keys
				    WHERE state IN ('in_flight', 'unknown') AND recover_at <= now() AND request_body IS NOT NULL
				    ORDER BY recover_at
				    LIMIT :limit
				    FOR UPDATE SKIP LOCKED))
				  AND k.state IN ('in_flight', 'unknown') AND k.recover_at <= now()
				RETURNING user_id, idempotency_key, downstream_key, request_body, attempted_at, lease_token,
				          recovery_attempts, GREATEST(attempted_at, sent_at)
				""")
			.param("leaseMillis", lease.toMillis())
			.param("limit", limit)
			.query((rs, row) -> new UnresolvedAttempt(rs.getString(1), rs.getString(2),
					new DownstreamKey(rs.getString(3)), rs.getBytes(4), IdempotencyStore.instant(rs, 5),
					IdempotencyStore.instant(rs, 8), rs.getObject(6, UUID.class), rs.getInt(7)))
			.list();
	}

	/** How many attempts have an unknown outcome now (lost answers and dead requests). */
	long countUnresolved() {
		return this.jdbc.sql("""
				SELECT count(*) FROM idempotency_keys
				WHERE state = 'unknown' OR (state = 'in_flight' AND lease_expires_at <= now())
				""").query(Long.class).single();
	}

	/**
	 * Deletes up to {@code batchSize} expired rows that hold an answer or were released. Rows whose
	 * outcome may still need recording are never deleted. Rows locked by a concurrent claim or by
	 * another instance's cleanup are skipped, not waited for.
	 * @return how many rows were deleted
	 */
	int deleteExpired(int batchSize) {
		return this.jdbc.sql("""
				DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
				    SELECT ctid FROM idempotency_keys
				    WHERE expires_at <= now() AND state IN ('completed', 'released')
				    ORDER BY expires_at
				    LIMIT :batchSize
				    FOR UPDATE SKIP LOCKED))
				""").param("batchSize", batchSize).update();
	}

}
