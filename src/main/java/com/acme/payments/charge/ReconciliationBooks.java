package com.acme.payments.charge;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.acme.payments.idempotency.StoredResponse;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What reconciliation reads and writes in Postgres, each in one short statement of its own, or one
 * short transaction to record a missing charge (no transaction spans a call to the processor): the watermark and its lease, the processor charges a
 * run has seen, the service's records of a batch, and the recording of a charge it had no record of.
 */
@Component
class ReconciliationBooks {

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final TransactionTemplate transactions;

	ReconciliationBooks(JdbcClient jdbc, JdbcTemplate batches, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.transactions = new TransactionTemplate(transactions);
	}

	/** Takes the watermark for a run, unless another run holds it. */
	Optional<Lease> lease(Duration leaseFor) {
		UUID token = UUID.randomUUID();
		return this.jdbc.sql("""
				UPDATE reconciliation_watermark
				SET lease_token = :token, lease_expires_at = now() + :millis * interval '1 millisecond'
				WHERE id = 1 AND (lease_token IS NULL OR lease_expires_at < now())
				RETURNING reconciled_until, now()""")
			.param("token", token)
			.param("millis", leaseFor.toMillis())
			.query((rs, row) -> new Lease(token, rs.getObject(1, OffsetDateTime.class).toInstant(),
					rs.getObject(2, OffsetDateTime.class).toInstant()))
			.optional();
	}

	/** The window up to {@code to} is reconciled: moves the watermark, if the lease is still this run's. */
	boolean advance(Lease lease, Instant to) {
		return this.jdbc.sql("""
				UPDATE reconciliation_watermark
				SET reconciled_until = :to, lease_token = NULL, lease_expires_at = NULL
				WHERE id = 1 AND lease_token = :token""")
			.param("to", to.atOffset(ZoneOffset.UTC))
			.param("token", lease.token())
			.update() == 1;
	}

	/** The run failed: the watermark stays where it was, free for the next run. */
	void release(Lease lease) {
		this.jdbc.sql("UPDATE reconciliation_watermark SET lease_token = NULL, lease_expires_at = NULL "
				+ "WHERE id = 1 AND lease_token = :token")
			.param("token", lease.token())
			.update();
		forget(lease);
	}

	/** Remembers, for this run, which processor charges it has seen. */
	void seen(Lease lease, List<String> processorChargeIds) {
		List<Object[]> rows = new ArrayList<>(processorChargeIds.size());
		for (String id : processorChargeIds) {
			rows.add(new Object[] { lease.token(), id });
		}
		this.batches.batchUpdate("INSERT INTO reconciliation_seen (run, processor_charge_id) VALUES (?, ?) "
				+ "ON CONFLICT DO NOTHING", rows);
	}

	void forget(Lease lease) {
		this.jdbc.sql("DELETE FROM reconciliation_seen WHERE run = :run").param("run", lease.token()).update();
		this.jdbc.sql("DELETE FROM reconciliation_held WHERE first_held_at < now() - interval '30 days'").update();
	}

	/**
	 * Notes that reconciliation waits for this charge (under way at the processor, or its key still
	 * being worked on), and returns how long it has waited, by the database's clock: zero the first time.
	 */
	Duration heldFor(String chargeRef, String downstreamKey) {
		return this.jdbc.sql("""
				INSERT INTO reconciliation_held (charge_ref, downstream_key) VALUES (:ref, :downstreamKey)
				ON CONFLICT (charge_ref) DO UPDATE SET charge_ref = EXCLUDED.charge_ref
				RETURNING GREATEST(0, (EXTRACT(EPOCH FROM now() - first_held_at) * 1000)::bigint)""")
			.param("ref", chargeRef)
			.param("downstreamKey", downstreamKey)
			.query((rs, row) -> Duration.ofMillis(rs.getLong(1)))
			.single();
	}

	/** The service's records of these processor charges, by processor charge id and by downstream key. */
	Map<String, Recorded> records(List<String> processorChargeIds, List<String> downstreamKeys) {
		Map<String, Recorded> records = new HashMap<>();
		if (processorChargeIds.isEmpty()) {
			return records;
		}
		List<String> keys = downstreamKeys.isEmpty() ? List.of("") : downstreamKeys;
		this.jdbc.sql("""
				SELECT id, processor_charge_id, downstream_key, amount, currency, status, failure_code
				FROM charges WHERE processor_charge_id IN (:ids) OR downstream_key IN (:keys)""")
			.param("ids", processorChargeIds)
			.param("keys", keys)
			.query((rs, row) -> new Recorded(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					rs.getString(5), rs.getString(6), rs.getString(7)))
			.list()
			.forEach((recorded) -> {
				records.put(recorded.processorChargeId(), recorded);
				if (recorded.downstreamKey() != null) {
					records.put(recorded.downstreamKey(), recorded);
				}
			});
		return records;
	}

	/** The state of each downstream key's idempotency record, where the key is still known. */
	Map<String, String> keyStates(List<String> downstreamKeys) {
		Map<String, String> states = new HashMap<>();
		if (downstreamKeys.isEmpty()) {
			return states;
		}
		this.jdbc.sql("SELECT downstream_key, state FROM idempotency_keys WHERE downstream_key IN (:keys)")
			.param("keys", downstreamKeys)
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list()
			.forEach((entry) -> states.put(entry.getKey(), entry.getValue()));
		return states;
	}

	/**
	 * Records a processor charge the service had no record of, in one short transaction, and only
	 * where nothing else will: a key still being worked on ({@code in_flight}, {@code unknown}) is left
	 * to its retry or to recovery, which record exactly this charge. A key that was freed
	 * ({@code released}) gets the charge's answer, so a retry replays it; a key that is completed (its
	 * charge row was lost) or forgotten gets the charge row only. An answer is never written without
	 * its row: if the row cannot be inserted, nothing is. Returns whether it wrote.
	 */
	boolean recordUnrecorded(Charge charge, String downstreamKey, StoredResponse answer) {
		Boolean wrote = this.transactions.execute((status) -> {
			int answered = this.jdbc.sql("""
					UPDATE idempotency_keys
					SET state = 'completed', lease_token = NULL, lease_expires_at = NULL, recover_at = NULL,
					    request_body = NULL, response_status = :status, response_location = :location,
					    response_content_type = :contentType, response_body = :body
					WHERE downstream_key = :downstreamKey AND state = 'released'""")
				.param("status", answer.status())
				.param("location", answer.location())
				.param("contentType", answer.contentType())
				.param("body", answer.body())
				.param("downstreamKey", downstreamKey)
				.update();
			int inserted = this.jdbc.sql("""
					INSERT INTO charges (id, user_id, amount, currency, status, source, description, metadata,
					                     failure_code, processor_charge_id, created, downstream_key)
					SELECT :id, :user, :amount, :currency, :chargeStatus, :source, NULL, '{}'::jsonb,
					       :failureCode, :processorChargeId, :created, :downstreamKey
					WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys WHERE downstream_key = :downstreamKey
					                  AND state IN ('in_flight', 'unknown', 'released'))
					ON CONFLICT DO NOTHING""")
				.param("downstreamKey", downstreamKey)
				.param("processorChargeId", charge.processorChargeId())
				.param("id", charge.id())
				.param("user", charge.userId())
				.param("amount", charge.amount())
				.param("currency", charge.currency())
				.param("chargeStatus", charge.status().value())
				.param("source", charge.source())
				.param("failureCode", charge.failureCode())
				.param("created", charge.created().atOffset(ZoneOffset.UTC))
				.update();
			if (answered > 0 && inserted == 0) {
				status.setRollbackOnly();
			}
			return inserted == 1;
		});
		return Boolean.TRUE.equals(wrote);
	}

	/** Notes a finding; {@code false} when it was noted before (a window compared again). */
	boolean noteFinding(String kind, String chargeRef, String downstreamKey, String detail) {
		return this.jdbc.sql("""
				INSERT INTO reconciliation_findings (kind, charge_ref, downstream_key, detail)
				VALUES (:kind, :ref, :downstreamKey, :detail) ON CONFLICT DO NOTHING""")
			.param("kind", kind)
			.param("ref", chargeRef)
			.param("downstreamKey", downstreamKey)
			.param("detail", detail)
			.update() == 1;
	}

	/**
	 * The service's succeeded charges created in the window that this run did not see at the
	 * processor: the candidates for "unknown to the processor", normally none or a few at the
	 * window's edges. At most {@code limit} are read.
	 */
	List<Recorded> unseen(Lease lease, Instant from, Instant to, int limit) {
		return this.jdbc.sql("""
				SELECT c.id, c.processor_charge_id, c.downstream_key, c.amount, c.currency, c.status, c.failure_code
				FROM charges c
				WHERE c.created >= :from AND c.created < :to AND c.status = 'succeeded'
				  AND NOT EXISTS (SELECT 1 FROM reconciliation_seen s
				                  WHERE s.run = :run AND s.processor_charge_id = c.processor_charge_id)
				LIMIT :limit""")
			.param("from", from.atOffset(ZoneOffset.UTC))
			.param("to", to.atOffset(ZoneOffset.UTC))
			.param("run", lease.token())
			.param("limit", limit)
			.query((rs, row) -> new Recorded(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
					rs.getString(5), rs.getString(6), rs.getString(7)))
			.list();
	}

	/** A run's hold on the watermark. */
	record Lease(UUID token, Instant reconciledUntil, Instant now) {
	}

	/** The service's record of a charge, as far as reconciliation compares it. */
	record Recorded(String id, String processorChargeId, String downstreamKey, long amount, String currency,
			String status, String failureCode) {
	}

}
