-- Unknown outcomes (docs/idempotency.md): a key whose processor answer was lost stays bound to its
-- request until recovery learns what happened. The request itself is kept while its outcome may
-- still have to be recorded without the client: in flight, or unknown.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_state_check;
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_state_check
    CHECK (state IN ('in_flight', 'completed', 'released', 'unknown'));

ALTER TABLE idempotency_keys
    -- the request body of the attempt, while it is in flight or unknown (NULL once resolved)
    ADD COLUMN request_body      bytea,
    -- when the current attempt claimed the key (database time): the charge's "created"
    ADD COLUMN attempted_at      timestamptz,
    -- in flight or unknown: when recovery may ask the processor what happened
    ADD COLUMN recover_at        timestamptz,
    -- how often recovery has asked without an answer (backoff)
    ADD COLUMN recovery_attempts integer     NOT NULL DEFAULT 0;

-- The recovery job's queue: only rows whose outcome may still need recording are in it.
CREATE INDEX idempotency_keys_recover_idx ON idempotency_keys (recover_at)
    WHERE state IN ('in_flight', 'unknown');
