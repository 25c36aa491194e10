import { ChargesApi, Configuration, FetchError, ResponseError } from './generated';
import type { Charge, ChargeList, ChargeRequest } from './generated';
import { errorOf, PaymentsAbortedError, PaymentsError, PaymentsNetworkError } from './problems';
import { RateLimitState, rateLimitOf } from './rateLimit';
import { DEFAULT_RETRY_POLICY, RetryPolicy, delayBeforeNextTry, isRetryableStatus, sleep } from './retry';

export interface PaymentsClientOptions {
  /** Where the service is, such as `https://payments.example.com`. */
  baseUrl: string;
  /** The user's bearer JWT, or a function that returns a fresh one for every try. */
  token: string | (() => string | Promise<string>);
  /** The retry policy, or the parts of it that differ from {@link DEFAULT_RETRY_POLICY}. */
  retry?: Partial<RetryPolicy>;
  /** Another fetch (a polyfill, a test's). */
  fetch?: typeof fetch;
  /** Makes the Idempotency-Key of a charge the caller gives none for (default: a random UUID). */
  newIdempotencyKey?: () => string;
}

/** A successful answer and what it said beside its body. */
export interface Answer<T> {
  data: T;
  status: number;
  /** `Idempotent-Replayed: true`: the stored answer of an earlier request with the same key. */
  replayed: boolean;
  /** Where the user stands with the rate limiter, when the answer said. */
  rateLimit?: RateLimitState;
  /** How many requests the call sent. */
  attempts: number;
}

export interface ChargeAnswer extends Answer<Charge> {
  /** The key every try of this charge used: keep it with the order to retry it after a restart. */
  idempotencyKey: string;
}

export interface CallOptions {
  /** Gives up the call (its waits too); an abandoned charge can be retried with the same key. */
  signal?: AbortSignal;
}

export interface CreateChargeOptions extends CallOptions {
  /**
   * One key per logical charge, the same for every retry of it, also across restarts of the app:
   * persist it with the order before the first call. Generated when not given.
   */
  idempotencyKey?: string;
}

/**
 * The payments API with safe retries: each call retries only what can be retried without risk
 * ({@link RetryPolicy}), with the same Idempotency-Key and the same body on every try, and throws a
 * {@link PaymentsError} whose `problem` is typed by its `type`, or a {@link PaymentsNetworkError}.
 */
export class PaymentsClient {
  private readonly api: ChargesApi;

  private readonly policy: RetryPolicy;

  private readonly newKey: () => string;

  constructor(options: PaymentsClientOptions) {
    const token = options.token;
    this.api = new ChargesApi(
      new Configuration({
        basePath: options.baseUrl.replace(/\/+$/, ''),
        accessToken: typeof token === 'function' ? async () => token() : token,
        ...(options.fetch !== undefined ? { fetchApi: options.fetch } : {}),
      }),
    );
    this.policy = policyOf(options.retry);
    this.newKey = options.newIdempotencyKey ?? (() => globalThis.crypto.randomUUID());
  }

  /** Charges once, however many tries it takes. */
  async createCharge(request: ChargeRequest, options: CreateChargeOptions = {}): Promise<ChargeAnswer> {
    const idempotencyKey = options.idempotencyKey ?? this.newKey();
    // one body for every try: a copy the caller cannot change between tries (a JSON round trip:
    // the request is JSON, and React Native's Hermes has no structuredClone)
    const body: ChargeRequest = Object.freeze(JSON.parse(JSON.stringify(request)) as ChargeRequest);
    const answer = await this.call(
      (init) => this.api.createChargeRaw({ idempotencyKey, chargeRequest: body }, init),
      options.signal,
      idempotencyKey,
    );
    return { ...answer, idempotencyKey };
  }

  async getCharge(id: string, options: CallOptions = {}): Promise<Answer<Charge>> {
    return this.call((init) => this.api.getChargeRaw({ id }, init), options.signal);
  }

  /** A page of the user's charges, newest first; pass the last id of a page as `startingAfter`. */
  async listCharges(
    page: { limit?: number; startingAfter?: string } = {},
    options: CallOptions = {},
  ): Promise<Answer<ChargeList>> {
    return this.call((init) => this.api.listChargesRaw(page, init), options.signal);
  }

  private async call<T>(
    send: (init: RequestInit) => Promise<{ raw: Response; value(): Promise<T> }>,
    signal: AbortSignal | undefined,
    idempotencyKey?: string,
  ): Promise<Answer<T>> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) {
        // already given up: send nothing (an aborted signal fires no 'abort' event)
        throw new PaymentsAbortedError(attempt - 1, idempotencyKey, { cause: signal.reason });
      }
      const timeout = new AbortController();
      const timer = setTimeout(
        () => timeout.abort(new Error(`no answer within ${this.policy.attemptTimeoutMs} ms`)),
        this.policy.attemptTimeoutMs,
      );
      const onAbort = () => timeout.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      let failure: PaymentsError | PaymentsNetworkError;
      try {
        // the whole try is bounded, a token provider that never settles included
        const response = await Promise.race([send({ signal: timeout.signal }), untilAborted(timeout.signal)]);
        const rateLimit = rateLimitOf(response.raw.headers);
        let data: T;
        try {
          data = await response.value();
        } catch (unreadable) {
          // an answer (a 2xx) whose body is not what it should be: the charge may have been made
          throw new PaymentsNetworkError(attempt, idempotencyKey, { cause: unreadable });
        }
        return {
          data,
          status: response.raw.status,
          replayed: response.raw.headers.get('Idempotent-Replayed') === 'true',
          attempts: attempt,
          ...(rateLimit !== undefined ? { rateLimit } : {}),
        };
      } catch (error) {
        if (error instanceof PaymentsNetworkError) {
          throw error;
        }
        if (signal?.aborted) {
          throw new PaymentsAbortedError(attempt, idempotencyKey, { cause: signal.reason });
        }
        if (error instanceof ResponseError) {
          failure = await errorOf(error.response, attempt, idempotencyKey);
          if (!isRetryableStatus(failure.status, failure.problem.type === 'about:unknown' ? undefined : failure.problem.type)) {
            throw failure;
          }
        } else if (error instanceof FetchError || timeout.signal.aborted || error instanceof TypeError) {
          failure = new PaymentsNetworkError(attempt, idempotencyKey, { cause: error });
        } else if (attempt > 1) {
          // this try sent nothing (the token provider failed, say), but an earlier one may have
          // charged: the caller must retry with this key, so the error carries it
          throw new PaymentsNetworkError(attempt - 1, idempotencyKey, { cause: error });
        } else {
          // before anything was sent (the token provider failed, say): the caller's own error
          throw error;
        }
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      const wait = delayBeforeNextTry(
        this.policy,
        attempt,
        failure instanceof PaymentsError ? failure.retryAfterSeconds : undefined,
      );
      if (attempt >= this.policy.maxAttempts || Date.now() + wait - started > this.policy.maxElapsedMs) {
        throw failure;
      }
      try {
        await sleep(wait, signal);
      } catch (reason) {
        throw new PaymentsAbortedError(attempt, idempotencyKey, { cause: reason });
      }
    }
  }
}

/** Rejects with the signal's reason once it aborts. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** The defaults with the caller's settings over them; an undefined setting keeps its default. */
function policyOf(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) {
      (policy as unknown as Record<string, unknown>)[name] = value;
    }
  }
  for (const name of ['maxElapsedMs', 'attemptTimeoutMs', 'initialDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(policy[name]) || policy[name] < 0) {
      throw new RangeError(`retry.${name} must be a finite number of milliseconds, 0 or more`);
    }
  }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError('retry.maxAttempts must be a whole number, 1 or more');
  }
  if (typeof policy.random !== 'function') {
    throw new RangeError('retry.random must be a function');
  }
  return policy;
}
