-- Reconciliation (docs/operations.md, "Reconciliation"): compares the processor's charges with ours.

-- Which downstream key a charge was made under, so a processor charge finds its record by key
-- (NULL for charges recorded before this column existed).
ALTER TABLE charges ADD COLUMN downstream_key text;
UPDATE charges c SET downstream_key = l.downstream_key
FROM processor_ledger l WHERE l.processor_charge_id = c.processor_charge_id;
-- Built in the migration's transaction, which holds writes to the table while it runs: on a large
-- table, create both indexes CONCURRENTLY by hand before deploying (IF NOT EXISTS then skips them).
CREATE UNIQUE INDEX IF NOT EXISTS charges_downstream_key_idx ON charges (downstream_key);

-- Reconciliation finds the key row of a processor charge by its downstream key.
CREATE INDEX IF NOT EXISTS idempotency_keys_downstream_key_idx ON idempotency_keys (downstream_key);

-- The simulator keeps whose charge it is, as a real processor does in its metadata.
ALTER TABLE processor_ledger ADD COLUMN user_id text;
UPDATE processor_ledger l SET user_id = c.user_id FROM charges c WHERE c.processor_charge_id = l.processor_charge_id;
CREATE INDEX processor_ledger_created_idx ON processor_ledger (created);

-- One row: processor time up to which every charge has been compared, and who is comparing now.
CREATE TABLE reconciliation_watermark (
    id               smallint    PRIMARY KEY CHECK (id = 1),
    reconciled_until timestamptz NOT NULL,
    lease_token      uuid,
    lease_expires_at timestamptz
);
-- Nothing before the service had reconciliation is compared: the first window starts now.
INSERT INTO reconciliation_watermark (id, reconciled_until) VALUES (1, now());

-- Every finding once: a window compared again (a run that died, attempts that were still under way)
-- reports nothing twice. Ops can query it; nothing deletes from it.
CREATE TABLE reconciliation_findings (
    kind           text        NOT NULL,
    charge_ref     text        NOT NULL,
    downstream_key text,
    detail         text        NOT NULL,
    found_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, charge_ref)
);

-- The processor charges one run has seen, so that the run can find our records the processor lacks
-- with one anti-join instead of holding a window of ids in memory. Rows live for one run.
CREATE UNLOGGED TABLE reconciliation_seen (
    run                 uuid NOT NULL,
    processor_charge_id text NOT NULL,
    PRIMARY KEY (run, processor_charge_id)
);
