-- Reconciliation (docs/operations.md): the charges under way that hold its watermark back, and since
-- when. payments.reconciliation.hold counts from first_held_at, when reconciliation first waited for
-- the charge, not from when the charge was made: after a long outage every charge of the backlog is
-- waited for as long as any other. A row is kept after the charge was passed over (reported stuck),
-- so it is not waited for again; rows older than a month are deleted.
CREATE TABLE reconciliation_held (
    charge_ref     text        PRIMARY KEY,
    downstream_key text,
    first_held_at  timestamptz NOT NULL DEFAULT now()
);
