-- As pgbench-two-commits.sql, but the claim commits without waiting for its WAL flush
-- (synchronous_commit = off): the upper bound of what that idea could save (docs/performance.md).
\set u random(1, 1000)
\set k random(1, 9000000000000000)
BEGIN;
SET LOCAL synchronous_commit = off;
INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, state, lease_token, lease_expires_at,
                              downstream_key, created_at, expires_at)
VALUES ('pgbench-user-' || :u, 'pgbench-' || :k || '-' || :client_id, '\x00', 'in_flight', gen_random_uuid(),
        now() + interval '60 seconds', 'dk_pgbench_' || :k || '_' || :client_id, now(), now() + interval '1 day')
ON CONFLICT DO NOTHING;
COMMIT;
BEGIN;
INSERT INTO charges (id, user_id, amount, currency, status, source, description, metadata, processor_charge_id)
VALUES ('ch_pgbench_' || :k || '_' || :client_id, 'pgbench-user-' || :u, 1999, 'usd', 'succeeded', 'tok_visa',
        'bench', '{}'::jsonb, 'py_pgbench_' || :k || '_' || :client_id);
UPDATE idempotency_keys SET state = 'completed', lease_token = NULL, lease_expires_at = NULL,
       response_status = 201, response_location = '/charges/x', response_content_type = 'application/json',
       response_body = '\x7b7d'
WHERE user_id = 'pgbench-user-' || :u AND idempotency_key = 'pgbench-' || :k || '-' || :client_id;
COMMIT;
