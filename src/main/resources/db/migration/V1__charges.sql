-- Charges as the API answers them. One row per charge that reached the processor with a
-- definitive answer, succeeded or failed.
CREATE TABLE charges (
    id                  text        PRIMARY KEY,
    user_id             text        NOT NULL,
    amount              bigint      NOT NULL CHECK (amount BETWEEN 1 AND 99999999),
    currency            text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('succeeded', 'failed')),
    source              text        NOT NULL,
    description         text,
    metadata            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    failure_code        text,
    processor_charge_id text        NOT NULL UNIQUE,
    created             timestamptz NOT NULL DEFAULT now()
);

-- "This user's charges, newest first", and the keyset cursor (created, id) of starting_after.
CREATE INDEX charges_user_created_idx ON charges (user_id, created DESC, id DESC);
