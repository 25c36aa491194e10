-- The database work of one new charge through the simulator, as the service does it, in three
-- commits: (1) claim the key; (2) the processor's ledger write (the simulator's own pool, in
-- auto-commit), (3) complete the key and insert the charge in one statement. Same tables, same
-- indexes, same statements in shape (IdempotencyStore.CLAIM and COMPLETE, SimulatedProcessor.record).
-- The ledger write commits without waiting for the WAL flush, as the simulator's pool does
-- (synchronous_commit = off: the ledger stands for a remote system); pgbench has one connection per
-- client, so it switches the setting around that statement. Before 2026-12-03 (the floor run) the
-- ledger write here waited for its flush, which the service's never did.
\set u random(1, 1000)
\set k random(1, 9000000000000000)
INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, state, lease_token, lease_expires_at,
                              downstream_key, request_body, attempted_at, recover_at, created_at, expires_at)
VALUES ('pgbench-user-' || :u, 'pgbench3-' || :k || '-' || :client_id, '\x00', 'in_flight', gen_random_uuid(),
        now() + interval '60 seconds', 'dk_pgbench3_' || :k || '_' || :client_id,
        '\x7b22616d6f756e74223a313939397d', now(), now() + interval '1 hour', now(), now() + interval '1 day')
ON CONFLICT DO NOTHING
RETURNING downstream_key, previous_state, attempted_at;
SET synchronous_commit = off;
INSERT INTO processor_ledger (downstream_key, processor_charge_id, user_id, amount, currency, source, decline_code)
VALUES ('dk_pgbench3_' || :k || '_' || :client_id, 'py_pgbench3_' || :k || '_' || :client_id,
        'pgbench-user-' || :u, 1999, 'usd', 'tok_visa', NULL)
ON CONFLICT (downstream_key) DO UPDATE SET downstream_key = EXCLUDED.downstream_key
RETURNING processor_charge_id, decline_code, xmax = 0;
SET synchronous_commit = on;
WITH completed AS (
    UPDATE idempotency_keys
    SET state = 'completed', lease_token = NULL, lease_expires_at = NULL, recover_at = NULL,
        request_body = NULL, response_status = 201, response_location = '/charges/x',
        response_content_type = 'application/json', response_body = '\x7b7d'
    WHERE user_id = 'pgbench-user-' || :u AND idempotency_key = 'pgbench3-' || :k || '-' || :client_id
      AND state = 'in_flight'
    RETURNING GREATEST(0, (EXTRACT(EPOCH FROM expires_at - now()) * 1000)::bigint) AS remaining_millis,
              downstream_key
), recorded AS (
    INSERT INTO charges (id, user_id, amount, currency, status, source, description, metadata,
                         failure_code, processor_charge_id, created, downstream_key)
    SELECT 'ch_pgbench3_' || :k || '_' || :client_id, 'pgbench-user-' || :u, 1999, 'usd', 'succeeded',
           'tok_visa', 'bench', '{}'::jsonb, NULL, 'py_pgbench3_' || :k || '_' || :client_id, now(),
           completed.downstream_key
    FROM completed
)
SELECT remaining_millis FROM completed;
