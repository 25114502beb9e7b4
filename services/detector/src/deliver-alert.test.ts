import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature, type AttemptReport, type DeliveryTarget } from '@vigil/response';
import { makeAlert } from '@vigil/response/testing/alert';
import { startReceiver, type ScriptedReply } from '@vigil/response/testing/receiver';
import { deliverAlert, type DeliverOptions } from './deliver-alert';

const alert = makeAlert();
const SECRET = 'shared-secret';
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(script: ScriptedReply[] = []) {
  const started = await startReceiver(script);
  receivers.push(started);
  return started;
}

function webhook(url: string): DeliveryTarget {
  return { name: 'gateway', kind: 'webhook', url };
}

function options(overrides: Partial<DeliverOptions> = {}): DeliverOptions {
  return {
    secret: SECRET,
    nowMs: () => Date.now(),
    maxAgeMs: 10_000,
    firstAttemptAtMs: Date.now(),
    retry: { minTimeoutMs: 5, maxTimeoutMs: 20, factor: 2 },
    ...overrides,
  };
}

const signatureTime = (header: unknown) => Number(/t=(\d+)/.exec(String(header))?.[1]);

describe('deliverAlert', () => {
  it('delivers a body the receiver verifies with the shared secret', async () => {
    const gateway = await receiver();
    const result = await deliverAlert(webhook(gateway.url), alert, options());

    expect(result).toEqual({ status: 'delivered', attempts: 1, lastError: undefined });
    const [request] = gateway.requests;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual(alert);
    const verdict = verifySignature({
      body: request?.body ?? '',
      header: request?.headers['vigil-signature'] as string,
      secrets: ['retired-secret', SECRET],
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    expect(verdict).toEqual({ ok: true });
  });

  it('retries 5xx and 429 with the same Idempotency-Key until the receiver accepts, honouring Retry-After', async () => {
    const gateway = await receiver([
      { status: 500 },
      { status: 502 },
      { status: 503 },
      { status: 500 },
      { status: 429, headers: { 'Retry-After': '1' } },
    ]);
    const reports: AttemptReport[] = [];
    const started = Date.now();
    const result = await deliverAlert(
      webhook(gateway.url),
      alert,
      options({ onAttempt: (r) => reports.push(r) }),
    );

    expect(result.status).toBe('delivered');
    expect(result.attempts).toBe(6);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(gateway.requests.map((r) => r.headers['idempotency-key'])).toEqual(
      Array(6).fill(alert.alertId),
    );
    expect(gateway.stored.size).toBe(1);
    expect(reports.map((r) => [r.attempt, r.ok, r.httpStatus])).toEqual([
      [1, false, 500],
      [2, false, 502],
      [3, false, 503],
      [4, false, 500],
      [5, false, 429],
      [6, true, 200],
    ]);
    // Each attempt is signed afresh: after the one-second Retry-After the timestamp has moved on.
    const times = gateway.requests.map((r) => signatureTime(r.headers['vigil-signature']));
    expect(times[5]).toBeGreaterThan(times[4] ?? Infinity);
  });

  it('fails at once on a 400 without retrying', async () => {
    const gateway = await receiver([{ status: 400 }]);
    const result = await deliverAlert(webhook(gateway.url), alert, options());

    expect(result).toEqual({
      status: 'failed',
      attempts: 1,
      lastError: 'VIGIL_RESPONSE_REJECTED: receiver answered 400',
    });
    expect(gateway.requests).toHaveLength(1);
  });

  it('gives up and reports failed once the maximum age has passed', async () => {
    const gateway = await receiver(Array(1000).fill({ status: 503 }));
    const started = Date.now();
    const result = await deliverAlert(webhook(gateway.url), alert, options({ maxAgeMs: 300 }));

    expect(result.status).toBe('failed');
    // The last attempt may be the 503 or a request cut short by the remaining age (on a loaded machine).
    expect(result.lastError).toMatch(/^VIGIL_RESPONSE_EXPIRED: gave up after 300 ms; last: /);
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    expect(gateway.requests.length).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries a receiver that is not listening, then gives up at the maximum age', async () => {
    const gone = await receiver();
    await gone.close();
    receivers.pop();
    const result = await deliverAlert(webhook(gone.url), alert, options({ maxAgeMs: 200 }));

    expect(result.status).toBe('failed');
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.lastError).toMatch(/VIGIL_RESPONSE_NETWORK/);
  });

  it('does not wait out a Retry-After that ends past the maximum age', async () => {
    const gateway = await receiver([{ status: 429, headers: { 'Retry-After': '30' } }]);
    const started = Date.now();
    const result = await deliverAlert(webhook(gateway.url), alert, options({ maxAgeMs: 5000 }));

    expect(result.status).toBe('failed');
    expect(result.attempts).toBe(1);
    expect(result.lastError).toMatch(/EXPIRED.*429/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('resumes after a restart with cumulative attempts and sends nothing once the alert is too old', async () => {
    const gateway = await receiver();
    const resumed = await deliverAlert(webhook(gateway.url), alert, options({ priorAttempts: 3 }));
    expect(resumed).toMatchObject({ status: 'delivered', attempts: 4 });

    const stale = await deliverAlert(
      webhook(gateway.url),
      alert,
      options({ priorAttempts: 3, firstAttemptAtMs: Date.now() - 60_000, maxAgeMs: 30_000 }),
    );
    expect(stale).toMatchObject({ status: 'failed', attempts: 3 });
    expect(gateway.requests).toHaveLength(1);
  });
});
