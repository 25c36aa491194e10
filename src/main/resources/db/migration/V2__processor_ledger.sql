-- The simulated processor's own ledger: what the outside world charged, one row per downstream
-- key. A real gateway keeps this on its side; the simulator keeps it here, written outside our
-- transactions.
CREATE TABLE processor_ledger (
    downstream_key      text        PRIMARY KEY,
    processor_charge_id text        NOT NULL UNIQUE,
    amount              bigint      NOT NULL,
    currency            text        NOT NULL,
    source              text        NOT NULL,
    decline_code        text,
    created             timestamptz NOT NULL DEFAULT now()
);
