import {
  CardDeclinedProblem,
  CardDeclinedProblemTypeEnum,
  Problem,
  ProblemType,
  ValidationProblem,
  ValidationProblemTypeEnum,
} from './generated';
import { RateLimitState, rateLimitOf } from './rateLimit';

/** A `card-declined` problem: `decline_code` says why, `charge` names the failed charge. */
export type CardDeclined = CardDeclinedProblem;

/** A 400: `validation-error` (with `errors`), `missing-idempotency-key` or `invalid-idempotency-key`. */
export type BadRequest = ValidationProblem;

/** Every other problem type the API documents. */
export type OtherProblem = Omit<Problem, 'type'> & {
  type: Exclude<ProblemType, CardDeclinedProblemTypeEnum | ValidationProblemTypeEnum>;
};

/**
 * A problem type this client does not know (a newer API version): the original `type` is kept in
 * `original_type`, so that a `switch` on `type` stays exhaustive.
 */
export type UnknownProblem = Omit<Problem, 'type'> & { type: 'about:unknown'; original_type: string };

/** Every problem the API answers with, discriminated on `type`: `switch (problem.type)` is exhaustive. */
export type PaymentsProblem = CardDeclined | BadRequest | OtherProblem | UnknownProblem;

const KNOWN_TYPES: ReadonlySet<string> = new Set(Object.values(ProblemType));

/** What an error answer said, and what the call did before it. */
export interface PaymentsErrorInit {
  /** The problem, typed by its `type`. */
  problem: PaymentsProblem;
  /** The HTTP status. */
  status: number;
  /** The seconds the service asked to wait, when it said. */
  retryAfterSeconds?: number;
  /** Where the user stood with the rate limiter, when the answer said. */
  rateLimit?: RateLimitState;
  /** Whether this is the stored answer of an earlier request with the same key (`Idempotent-Replayed`). */
  replayed: boolean;
  /** How many requests the call sent. */
  attempts: number;
  /** The Idempotency-Key the call used (charges only). */
  idempotencyKey?: string;
}

/** An error answer of the API that the client does not retry, or the last one when retries ran out. */
export class PaymentsError extends Error implements PaymentsErrorInit {
  override name = 'PaymentsError';

  readonly problem: PaymentsProblem;

  readonly status: number;

  readonly retryAfterSeconds?: number;

  readonly rateLimit?: RateLimitState;

  readonly replayed: boolean;

  readonly attempts: number;

  readonly idempotencyKey?: string;

  constructor(init: PaymentsErrorInit) {
    super(`${init.problem.title}: ${init.problem.detail}`);
    Object.setPrototypeOf(this, new.target.prototype);
    this.problem = init.problem;
    this.status = init.status;
    this.replayed = init.replayed;
    this.attempts = init.attempts;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.rateLimit !== undefined) this.rateLimit = init.rateLimit;
    if (init.idempotencyKey !== undefined) this.idempotencyKey = init.idempotencyKey;
  }
}

/** A call that ended without a usable answer: it carries the key, for the retry that is safe. */
abstract class UnansweredCall extends Error {
  constructor(
    /** How many requests the call sent. */
    readonly attempts: number,
    /** The Idempotency-Key the call used (charges only), the generated one too. */
    readonly idempotencyKey: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * No usable answer arrived (a network failure, a timeout, an answer that could not be read) and
 * the retries ran out. The charge may have been made: retry later with the same `idempotencyKey`,
 * which finds it.
 */
export class PaymentsNetworkError extends UnansweredCall {
  override name = 'PaymentsNetworkError';

  constructor(attempts: number, idempotencyKey: string | undefined, options?: { cause?: unknown }) {
    super(
      attempts,
      idempotencyKey,
      `No usable answer from the payments service after ${attempts} attempt(s). Retry later with the same ` +
        'Idempotency-Key: the charge may have been made, and a retry with that key finds it.',
      options,
    );
  }
}

/**
 * The caller gave up (its `signal` aborted). A try may have been sent: retry later with the same
 * `idempotencyKey` before making another charge for the same thing. `cause` is the abort reason.
 */
export class PaymentsAbortedError extends UnansweredCall {
  override name = 'AbortError';

  constructor(attempts: number, idempotencyKey: string | undefined, options?: { cause?: unknown }) {
    super(
      attempts,
      idempotencyKey,
      options?.cause instanceof Error ? options.cause.message : 'The call was aborted by its caller.',
      options,
    );
  }
}

/** Reads a problem answer (application/problem+json) into its typed form. */
export async function problemOf(response: Response): Promise<PaymentsProblem> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const raw: Record<string, unknown> = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const type = typeof raw['type'] === 'string' ? raw['type'] : '';
  const common = {
    title: typeof raw['title'] === 'string' ? raw['title'] : response.statusText || 'Error',
    status: typeof raw['status'] === 'number' ? raw['status'] : response.status,
    detail: typeof raw['detail'] === 'string' ? raw['detail'] : 'The service answered without a problem description.',
    ...(typeof raw['instance'] === 'string' ? { instance: raw['instance'] } : {}),
  };
  if (!KNOWN_TYPES.has(type)) {
    return { ...raw, ...common, type: 'about:unknown', original_type: type };
  }
  return { ...raw, ...common, type } as PaymentsProblem;
}

/** The `Retry-After` header in seconds (delay form; an HTTP date too), when there is one. */
export function retryAfterOf(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get('Retry-After');
  if (value === null) {
    return undefined;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export async function errorOf(response: Response, attempts: number, idempotencyKey?: string): Promise<PaymentsError> {
  const retryAfterSeconds = retryAfterOf(response.headers);
  const rateLimit = rateLimitOf(response.headers);
  return new PaymentsError({
    problem: await problemOf(response),
    status: response.status,
    replayed: response.headers.get('Idempotent-Replayed') === 'true',
    attempts,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    ...(rateLimit !== undefined ? { rateLimit } : {}),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  });
}
