import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  PaymentsAbortedError,
  PaymentsClient,
  PaymentsError,
  PaymentsNetworkError,
  delayBeforeNextTry,
  DEFAULT_RETRY_POLICY,
} from '../src';

/**
 * The retry policy on its own, with a scripted fetch: each entry answers one try (a status and a
 * problem type, or a network failure), and every request is recorded. What the real service does is
 * in service.test.ts; this is what the client decides.
 */
type Step = { status: number; type?: string; retryAfter?: number } | 'network-error' | 'no-answer';

function scripted(steps: Step[]) {
  const requests: { url: string; key: string | null; body: string; authorization: string | null }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    requests.push({
      url: String(input),
      key: headers.get('Idempotency-Key'),
      body: String(init?.body),
      authorization: headers.get('Authorization'),
    });
    const step = steps.shift() ?? { status: 201 };
    if (step === 'network-error') {
      throw new TypeError('fetch failed');
    }
    if (step === 'no-answer') {
      return new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      });
    }
    if (step.status < 300) {
      return Response.json(
        { id: 'ch_1', object: 'charge', amount: 100, currency: 'usd', status: 'succeeded', source: 'tok_visa',
          description: null, metadata: {}, failure_code: null, created: '2026-12-02T00:00:00Z' },
        { status: step.status, headers: { 'Idempotent-Replayed': 'false' } },
      );
    }
    return new Response(
      JSON.stringify({ type: step.type ?? '/problems/service-unavailable', title: 'T', status: step.status, detail: 'D' }),
      {
        status: step.status,
        headers: {
          'Content-Type': 'application/problem+json',
          ...(step.retryAfter !== undefined ? { 'Retry-After': String(step.retryAfter) } : {}),
        },
      },
    );
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const fast = { initialDelayMs: 1, maxDelayMs: 4 };
const request = { amount: 100, currency: 'usd', source: 'tok_visa', metadata: { order_id: '1' } };

describe('PaymentsClient retries', () => {
  it('sends the same key and the same body on every try, whatever the caller changes meanwhile', async () => {
    const { fetch, requests } = scripted(['network-error', { status: 503 }, 'network-error', { status: 201 }]);
    const client = new PaymentsClient({ baseUrl: 'http://payments.test', token: 't', fetch, retry: fast });
    const mutable = structuredClone(request);

    const pending = client.createCharge(mutable);
    mutable.amount = 999_999;
    mutable.metadata.order_id = 'changed';
    const answer = await pending;

    assert.equal(answer.attempts, 4);
    assert.equal(requests.length, 4);
    assert.equal(new Set(requests.map((r) => r.key)).size, 1, 'one key');
    assert.equal(requests[0]?.key, answer.idempotencyKey);
    assert.equal(new Set(requests.map((r) => r.body)).size, 1, 'one body');
    assert.deepEqual(JSON.parse(requests[0]?.body ?? ''), request);
    assert.equal(requests[0]?.authorization, 'Bearer t');
  });

  it('uses the key it is given, and makes a new one for each new charge', async () => {
    const { fetch, requests } = scripted([]);
    const client = new PaymentsClient({ baseUrl: 'http://payments.test', token: 't', fetch });

    await client.createCharge(request, { idempotencyKey: 'order-42' });
    await client.createCharge(request);
    await client.createCharge(request);

    assert.equal(requests[0]?.key, 'order-42');
    assert.notEqual(requests[1]?.key, requests[2]?.key);
    assert.match(requests[1]?.key ?? '', /^[0-9a-f-]{36}$/);
  });

  for (const [status, type] of [
    [400, '/problems/validation-error'],
    [401, '/problems/unauthorized'],
    [402, '/problems/card-declined'],
    [404, '/problems/not-found'],
    [409, '/problems/idempotency-key-reused'],
    [413, '/problems/payload-too-large'],
    [415, '/problems/unsupported-media-type'],
    [500, '/problems/internal-error'],
  ] as const) {
    it(`never retries a ${status} ${type.slice(10)}`, async () => {
      const { fetch, requests } = scripted([{ status, type }]);
      const client = new PaymentsClient({ baseUrl: 'http://payments.test', token: 't', fetch, retry: fast });

      const error = await client.createCharge(request).catch((e) => e);

      assert.ok(error instanceof PaymentsError);
      assert.equal(error.status, status);
      assert.equal(error.problem.type, type);
      assert.equal(requests.length, 1);
    });
  }

  for (const step of [
    { status: 408, type: '/problems/request-timeout' },
    { status: 409, type: '/problems/idempotency-key-in-use', retryAfter: 0 },
    { status: 429, type: '/problems/quota-exceeded', retryAfter: 0 },
    { status: 503, type: '/problems/processor-unavailable', retryAfter: 0 },
  ]) {
    it(`retries a ${step.status} ${step.type.slice(10)}`, async () => {
      const { fetch, requests } = scripted([step, { status: 201 }]);
      const client = new PaymentsClient({ baseUrl: 'http://payments.test', token: 't', fetch, retry: fast });

      const answer = await client.createCharge(request);

      assert.equal(answer.attempts, 2);
      assert.equal(requests.length, 2);
    });
  }

  it('abandons a try that gets no answer in time, and retries it', async () => {
    const { fetch, requests } = scripted(['no-answer', { status: 201 }]);
    const client = new PaymentsClient({
      baseUrl: 'http://payments.test', token: 't', fetch, retry: { ...fast, attemptTimeoutMs: 50 },
    });

    const answer = await client.createCharge(request);

    assert.equal(answer.attempts, 2);
    assert.equal(requests[0]?.key, requests[1]?.key);
  });

  it('stops at the total time bound rather than wait past it, with the last answer', async () => {
    const steps: Step[] = Array.from({ length: 20 }, () => ({ status: 503, retryAfter: 1 }));
    const { fetch, requests } = scripted(steps);
    const client = new PaymentsClient({
      baseUrl: 'http://payments.test', token: 't', fetch, retry: { ...fast, maxElapsedMs: 1500 },
    });
    const started = Date.now();

    const error = await client.createCharge(request).catch((e) => e);

    assert.ok(error instanceof PaymentsError);
    assert.equal(error.status, 503);
    assert.equal(requests.length, 2, 'one wait of Retry-After fits in 1.5 s, a second does not');
    assert.ok(Date.now() - started < 1500, 'it did not wait for a try it would not make');
  });

  it('stops after maxAttempts network failures with a network error that names the key', async () => {
    const { fetch, requests } = scripted(['network-error', 'network-error', 'network-error']);
    const client = new PaymentsClient({
      baseUrl: 'http://payments.test', token: 't', fetch, retry: { ...fast, maxAttempts: 3 },
    });

    const error = await client.createCharge(request, { idempotencyKey: 'k-1' }).catch((e) => e);

    assert.ok(error instanceof PaymentsNetworkError);
    assert.equal(error.attempts, 3);
    assert.equal(error.idempotencyKey, 'k-1');
    assert.equal(requests.length, 3);
  });

  it('gives up at once, waits included, when the caller aborts', async () => {
    const { fetch, requests } = scripted([{ status: 503, retryAfter: 30 }]);
    const client = new PaymentsClient({ baseUrl: 'http://payments.test', token: 't', fetch });
    const controller = new AbortController();

    const pending = client.createCharge(request, { signal: controller.signal, idempotencyKey: 'k-abort' }).catch((e) => e);
    setTimeout(() => controller.abort(new Error('user left the page')), 20);
    const error = await pending;

    assert.ok(error instanceof PaymentsAbortedError);
    assert.equal(error.message, 'user left the page');
    assert.equal(error.idempotencyKey, 'k-abort', 'the key goes with the error, for the retry');
    assert.equal(requests.length, 1);
  });

  it('sends nothing when the signal was aborted before the call', async () => {
    const { fetch, requests } = scripted([]);
    const client = new PaymentsClient({ baseUrl: 'http://payments.test', token: 't', fetch });

    const error = await client.createCharge(request, { signal: AbortSignal.abort() }).catch((e) => e);

    assert.ok(error instanceof PaymentsAbortedError);
    assert.equal(error.attempts, 0);
    assert.match(error.idempotencyKey ?? '', /^[0-9a-f-]{36}$/, 'the generated key is given back');
    assert.equal(requests.length, 0);
  });

  it('gives the generated key back with an answer it cannot read', async () => {
    const fetch = (async () =>
      new Response('not json', { status: 201, headers: { 'Content-Type': 'application/json' } })) as typeof globalThis.fetch;
    const client = new PaymentsClient({ baseUrl: 'http://payments.test', token: 't', fetch });

    const error = await client.createCharge(request).catch((e) => e);

    assert.ok(error instanceof PaymentsNetworkError);
    assert.match(error.idempotencyKey ?? '', /^[0-9a-f-]{36}$/);
  });

  it("gives the token provider's own error, sending nothing, when it fails", async () => {
    const { fetch, requests } = scripted([]);
    const client = new PaymentsClient({
      baseUrl: 'http://payments.test',
      fetch,
      token: () => Promise.reject(new Error('signed out')),
    });

    const error = await client.createCharge(request).catch((e) => e);

    assert.equal((error as Error).message, 'signed out');
    assert.ok(!(error instanceof PaymentsNetworkError));
    assert.equal(requests.length, 0);
  });

  it('keeps the key when the token provider fails on a retry, after a try that may have charged', async () => {
    const { fetch, requests } = scripted(['network-error']);
    let tokens = 0;
    const client = new PaymentsClient({
      baseUrl: 'http://payments.test',
      fetch,
      token: () => (++tokens === 1 ? Promise.resolve('t') : Promise.reject(new Error('signed out'))),
      retry: fast,
    });

    const error = await client.createCharge(request).catch((e) => e);

    assert.equal(requests.length, 1);
    assert.ok(error instanceof PaymentsNetworkError, 'the first try may have charged: retry with its key');
    assert.equal(error.idempotencyKey, requests[0]?.key);
    assert.equal(error.attempts, 1);
    assert.equal((error.cause as Error).message, 'signed out');
  });

  it('bounds a try whose token provider never answers', async () => {
    const { fetch, requests } = scripted([]);
    const client = new PaymentsClient({
      baseUrl: 'http://payments.test',
      fetch,
      token: () => new Promise<string>(() => undefined),
      retry: { ...fast, attemptTimeoutMs: 30, maxAttempts: 2 },
    });

    const error = await client.createCharge(request).catch((e) => e);

    assert.ok(error instanceof PaymentsNetworkError);
    assert.equal(error.attempts, 2);
    assert.equal(requests.length, 0);
  });

  it('keeps the defaults for settings given as undefined and refuses nonsense', () => {
    assert.doesNotThrow(
      () => new PaymentsClient({ baseUrl: 'http://x', token: 't', retry: { initialDelayMs: undefined, maxAttempts: undefined } }),
    );
    assert.throws(() => new PaymentsClient({ baseUrl: 'http://x', token: 't', retry: { maxAttempts: 0 } }), RangeError);
    assert.throws(() => new PaymentsClient({ baseUrl: 'http://x', token: 't', retry: { initialDelayMs: Number.NaN } }), RangeError);
  });

  it('backs off exponentially with full jitter, capped, and never below Retry-After', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 };
    const none = { ...policy, random: () => 0 };

    assert.deepEqual([1, 2, 3, 4, 5, 6].map((attempt) => delayBeforeNextTry(policy, attempt)), [99, 199, 399, 799, 999, 999]);
    assert.equal(delayBeforeNextTry(none, 4), 0, 'full jitter reaches zero');
    assert.equal(delayBeforeNextTry(none, 1, 3), 3000);
    assert.equal(delayBeforeNextTry(policy, 6, 0), 999);
  });
});
