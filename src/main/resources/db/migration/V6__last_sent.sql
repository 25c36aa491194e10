-- When a request under the key's downstream key was last sent to the processor, or may have been
-- (database time). Every claim sets it, since a claim may be followed by a create; attempted_at stays
-- when the downstream key was first used. A look-up that lags the processor's writes (Stripe's
-- Search) may say "nothing charged" only for a key last sent longer ago than the lag: a create
-- retried under an old key moments ago is not searchable yet (docs/processors.md).
ALTER TABLE idempotency_keys ADD COLUMN sent_at timestamptz;

-- Attempts whose outcome may still be looked up count as sent now: the safe side. Recovery reads
-- GREATEST(attempted_at, sent_at). An instance not yet upgraded does not set sent_at on its claims,
-- so during a rolling upgrade a key it re-claims is judged by its earlier claim, as before this
-- column: finish the upgrade of every instance before relying on it.
UPDATE idempotency_keys SET sent_at = now() WHERE state IN ('in_flight', 'unknown');
