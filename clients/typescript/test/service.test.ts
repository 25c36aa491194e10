import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';

import { DeclineCode, PaymentsClient, PaymentsError, PaymentsProblem, ProblemType } from '../src';
import { answerLosingProxy, baseUrl, newUserToken } from './support';

/** What a checkout screen would show: every problem type handled, checked by the compiler. */
function message(problem: PaymentsProblem): string {
  switch (problem.type) {
    case ProblemType.CARD_DECLINED:
      return problem.decline_code === DeclineCode.INSUFFICIENT_FUNDS ? 'Not enough funds' : 'Card declined';
    case ProblemType.VALIDATION_ERROR:
    case ProblemType.MISSING_IDEMPOTENCY_KEY:
    case ProblemType.INVALID_IDEMPOTENCY_KEY:
      return (problem.errors ?? []).map((error) => `${error.field} ${error.message}`).join('; ') || problem.detail;
    case 'about:unknown':
      return `${problem.original_type}: ${problem.detail}`;
    default:
      return problem.detail;
  }
}

const order = (amount: number, source = 'tok_visa') => ({ amount, currency: 'usd', source, description: 'Order' });

describe('PaymentsClient against the running service', () => {
  it('charges once when the first answer is lost on the way back, and the retry gets it replayed', async () => {
    const proxy = await answerLosingProxy();
    try {
      const token = newUserToken();
      const client = new PaymentsClient({ baseUrl: proxy.url, token, retry: { initialDelayMs: 50 } });

      const answer = await client.createCharge(order(1250));

      assert.equal(proxy.lost(), 1, 'the proxy lost the first answer');
      assert.equal(answer.attempts, 2);
      assert.equal(answer.replayed, true, 'the retry got the stored answer');
      assert.equal(answer.status, 201);
      assert.equal(answer.data.amount, 1250);
      const charges = await new PaymentsClient({ baseUrl, token }).listCharges({ limit: 10 });
      assert.deepEqual(
        charges.data.data.map((charge) => charge.id),
        [answer.data.id],
        'exactly one charge was made',
      );
    } finally {
      await proxy.close();
    }
  });

  it("charges once when the processor's answer is lost: the 503 is retried under the same key", async () => {
    const token = newUserToken();
    const client = new PaymentsClient({ baseUrl, token });

    const answer = await client.createCharge(order(990, 'tok_lostResponse'));

    assert.equal(answer.attempts, 2, 'a 503, then the retry that found the charge');
    assert.equal(answer.replayed, false, 'the retry resolved the lost answer itself');
    assert.equal(answer.data.status, 'succeeded');
    const charges = await client.listCharges({ limit: 10 });
    assert.deepEqual(charges.data.data.map((charge) => charge.id), [answer.data.id]);
  });

  it('waits for Retry-After after a 429, then charges', async () => {
    const token = newUserToken();
    const once = new PaymentsClient({ baseUrl, token, retry: { maxAttempts: 1 } });
    let limited: PaymentsError | undefined;
    for (let i = 0; i < 20 && limited === undefined; i++) {
      try {
        await once.listCharges({ limit: 1 });
      } catch (error) {
        assert.ok(error instanceof PaymentsError);
        limited = error;
      }
    }
    assert.ok(limited, 'the quota ran out');
    assert.equal(limited.status, 429);
    assert.equal(limited.problem.type, ProblemType.QUOTA_EXCEEDED);
    assert.equal(limited.rateLimit?.remaining, 0);
    const asked = limited.retryAfterSeconds;
    assert.ok(asked !== undefined && asked >= 1, 'the 429 says how long to wait');

    const started = Date.now();
    const answer = await new PaymentsClient({ baseUrl, token }).createCharge(order(300));

    assert.equal(answer.status, 201);
    assert.equal(answer.attempts, 2, 'the 429, then the charge');
    assert.ok(Date.now() - started >= asked * 1000 - 100, `waited ${Date.now() - started} ms of ${asked} s`);
    assert.ok(answer.rateLimit !== undefined && answer.rateLimit.limit === 5, 'the rate-limit state is on the answer');
  });

  it('gives a typed decline for a 402 and does not retry it; the same key replays the decline', async () => {
    const client = new PaymentsClient({ baseUrl, token: newUserToken() });
    const idempotencyKey = `order-${randomUUID()}`;

    const decline = await client.createCharge(order(700, 'tok_insufficientFunds'), { idempotencyKey }).then(
      () => assert.fail('a decline is an error'),
      (error: unknown) => error,
    );

    assert.ok(decline instanceof PaymentsError);
    assert.equal(decline.status, 402);
    assert.equal(decline.attempts, 1);
    assert.equal(decline.replayed, false);
    assert.equal(decline.idempotencyKey, idempotencyKey);
    assert.equal(message(decline.problem), 'Not enough funds');
    assert.ok(decline.problem.type === ProblemType.CARD_DECLINED);
    assert.match(decline.problem.charge, /^ch_/);
    const again = await client.createCharge(order(700, 'tok_insufficientFunds'), { idempotencyKey }).catch((e) => e);
    assert.ok(again instanceof PaymentsError && again.replayed, 'the retry of a decline is its stored answer');
    const failed = await client.getCharge(decline.problem.charge);
    assert.equal(failed.data.failure_code, DeclineCode.INSUFFICIENT_FUNDS);
  });

  it('gives a typed 409 for a key reused with another body, without retrying', async () => {
    const client = new PaymentsClient({ baseUrl, token: newUserToken() });
    const first = await client.createCharge(order(100));

    const reused = await client.createCharge(order(101), { idempotencyKey: first.idempotencyKey }).catch((e) => e);

    assert.ok(reused instanceof PaymentsError);
    assert.equal(reused.status, 409);
    assert.equal(reused.problem.type, ProblemType.IDEMPOTENCY_KEY_REUSED);
    assert.equal(reused.attempts, 1);
    assert.equal(reused.problem.instance, '/charge');
  });

  it('gives a typed validation problem, field by field, without retrying', async () => {
    const client = new PaymentsClient({ baseUrl, token: newUserToken() });

    const invalid = await client.createCharge({ amount: 0, currency: 'usd', source: 'tok_visa' }).catch((e) => e);

    assert.ok(invalid instanceof PaymentsError);
    assert.equal(invalid.status, 400);
    assert.equal(invalid.attempts, 1);
    assert.ok(invalid.problem.type === ProblemType.VALIDATION_ERROR);
    assert.deepEqual(invalid.problem.errors?.map((error) => error.field), ['amount']);
    assert.match(message(invalid.problem), /^amount /);
  });

  it('gives a typed 401 for a bad token, without retrying', async () => {
    const client = new PaymentsClient({ baseUrl, token: 'not-a-jwt' });

    const refused = await client.listCharges().catch((e) => e);

    assert.ok(refused instanceof PaymentsError);
    assert.equal(refused.status, 401);
    assert.equal(refused.problem.type, ProblemType.UNAUTHORIZED);
    assert.equal(refused.attempts, 1);
  });
});
