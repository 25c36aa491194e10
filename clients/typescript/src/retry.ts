/**
 * When and how long the client waits before it tries again. Only what is safe and useful is
 * retried: no answer (a network error or a try that timed out), 408, 409 `idempotency-key-in-use`,
 * 429 and 503. Every other answer, every other 4xx first of all, is final.
 */
export interface RetryPolicy {
  /** Tries in all, the first one included. */
  maxAttempts: number;
  /** No try starts, and no wait ends, later than this after the call began. */
  maxElapsedMs: number;
  /** A try with no answer after this is abandoned (and retried): above the service's own bound. */
  attemptTimeoutMs: number;
  /** The backoff before the second try; it doubles with each try after. */
  initialDelayMs: number;
  /** The most the backoff grows to. */
  maxDelayMs: number;
  /** [0, 1): the jitter's source. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 8,
  maxElapsedMs: 60_000,
  attemptTimeoutMs: 15_000,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  random: Math.random,
});

/** Statuses worth another try, with the same key and the same body. */
export function isRetryableStatus(status: number, problemType: string | undefined): boolean {
  switch (status) {
    case 408:
    case 429:
    case 503:
      return true;
    case 409:
      return problemType === '/problems/idempotency-key-in-use';
    default:
      return false;
  }
}

/**
 * The wait before try number `attempt + 1` (attempt counts from 1): "full jitter" exponential
 * backoff, and never less than what the service asked for in `Retry-After`.
 */
export function delayBeforeNextTry(policy: RetryPolicy, attempt: number, retryAfterSeconds?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  const backoff = Math.floor(policy.random() * ceiling);
  return retryAfterSeconds === undefined ? backoff : Math.max(retryAfterSeconds * 1000, backoff);
}

/** Waits, unless the caller gives up first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
