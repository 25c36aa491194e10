-- One row per (user, Idempotency-Key). See docs/idempotency.md for the state machine.
CREATE TABLE idempotency_keys (
    user_id               text        NOT NULL,
    idempotency_key       text        NOT NULL,
    fingerprint           bytea       NOT NULL,
    state                 text        NOT NULL CHECK (state IN ('in_flight', 'completed', 'released')),
    -- in_flight only: who holds the key, and until when
    lease_token           uuid,
    lease_expires_at      timestamptz,
    -- the processor-side key; kept while the same request is retried, so the processor never
    -- charges twice
    downstream_key        text        NOT NULL,
    -- completed only: the stored answer
    response_status       smallint,
    response_location     text,
    response_content_type text,
    response_body         bytea,
    -- the state this row was last claimed from: NULL for a new key (diagnostics, takeover metric)
    previous_state        text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    expires_at            timestamptz NOT NULL,
    PRIMARY KEY (user_id, idempotency_key),
    CHECK (state <> 'in_flight' OR (lease_token IS NOT NULL AND lease_expires_at IS NOT NULL)),
    CHECK (state <> 'completed' OR (response_status IS NOT NULL AND response_body IS NOT NULL))
);

-- The cleanup job walks expired rows in batches.
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
