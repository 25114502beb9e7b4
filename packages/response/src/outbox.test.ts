import { describe, expect, it } from 'vitest';
import { createOutbox, summarizeRecord } from './outbox';
import { makeAlert } from './testing/alert';

const alert = makeAlert();
const T0 = 1_767_225_600_000;

describe('createOutbox', () => {
  it('holds one pending delivery per alert and target after enqueue', () => {
    const outbox = createOutbox();
    outbox.enqueue(alert, ['gateway', 'pagerduty'], T0);
    expect(outbox.pending()).toEqual([
      { alert, targetName: 'gateway', attempts: 0, firstAttemptAtMs: T0, lastError: undefined },
      { alert, targetName: 'pagerduty', attempts: 0, firstAttemptAtMs: T0, lastError: undefined },
    ]);
  });

  it('keeps the original start time when a replayed alert is enqueued again', () => {
    const outbox = createOutbox();
    outbox.enqueue(alert, ['gateway'], T0);
    outbox.record(alert.alertId, 'gateway', { status: 'pending', attempts: 2, lastError: 'x' });
    outbox.enqueue(alert, ['gateway'], T0 + 60_000);
    expect(outbox.pending()).toEqual([
      { alert, targetName: 'gateway', attempts: 2, firstAttemptAtMs: T0, lastError: 'x' },
    ]);
  });

  it('drops a delivery from pending once it is delivered or failed, and keeps that outcome', () => {
    const outbox = createOutbox();
    outbox.enqueue(alert, ['gateway', 'slack'], T0);
    outbox.record(alert.alertId, 'gateway', { status: 'delivered', attempts: 1 });
    outbox.record(alert.alertId, 'slack', { status: 'failed', attempts: 7, lastError: 'EXPIRED' });
    // A late or replayed report cannot undo a final outcome.
    outbox.record(alert.alertId, 'gateway', { status: 'pending', attempts: 0 });
    expect(outbox.pending()).toEqual([]);
    expect(outbox.get(alert.alertId)?.deliveries).toEqual({
      gateway: { attempts: 1, firstAttemptAtMs: T0, status: 'delivered' },
      slack: { attempts: 7, firstAttemptAtMs: T0, status: 'failed', lastError: 'EXPIRED' },
    });
  });

  it('never lowers the attempt count when reports arrive twice or out of order', () => {
    const outbox = createOutbox();
    outbox.enqueue(alert, ['gateway'], T0);
    outbox.record(alert.alertId, 'gateway', { status: 'pending', attempts: 3 });
    outbox.record(alert.alertId, 'gateway', { status: 'pending', attempts: 2 });
    expect(outbox.pending()[0]?.attempts).toBe(3);
  });

  it('resumes pending deliveries after a restart from the records it persisted', () => {
    const before = createOutbox();
    before.enqueue(alert, ['gateway', 'slack'], T0);
    const persisted = before.record(alert.alertId, 'gateway', { status: 'delivered', attempts: 1 });

    const after = createOutbox();
    after.restore({ version: 1, records: [JSON.parse(JSON.stringify(persisted))] });
    expect(after.pending().map((p) => p.targetName)).toEqual(['slack']);
  });

  it('refuses a corrupt snapshot with a code', () => {
    expect(() => createOutbox().restore({ version: 1, records: [{ alert: {} }] })).toThrow(
      expect.objectContaining({ code: 'VIGIL_RESPONSE_SNAPSHOT_INVALID' }),
    );
  });

  it('refuses a result for an alert or target it does not hold', () => {
    const outbox = createOutbox();
    expect(() => outbox.record('nope', 'gateway', { status: 'delivered', attempts: 1 })).toThrow(
      /not in the outbox/,
    );
    outbox.enqueue(alert, ['gateway'], T0);
    expect(() =>
      outbox.record(alert.alertId, 'slack', { status: 'delivered', attempts: 1 }),
    ).toThrow(/no target slack/);
  });

  it('forgets an alert once removed', () => {
    const outbox = createOutbox();
    outbox.enqueue(alert, ['gateway'], T0);
    outbox.remove(alert.alertId);
    expect(outbox.get(alert.alertId)).toBeUndefined();
    expect(outbox.pending()).toEqual([]);
  });
});

describe('summarizeRecord', () => {
  it('reports pending while any target is pending, failed if any gave up, delivered when all accepted', () => {
    const outbox = createOutbox();
    outbox.enqueue(alert, ['gateway', 'slack'], T0);
    const id = alert.alertId;
    expect(
      summarizeRecord(outbox.record(id, 'gateway', { status: 'delivered', attempts: 2 })),
    ).toEqual({
      status: 'pending',
      attempts: 2,
      lastError: undefined,
    });
    expect(
      summarizeRecord(
        outbox.record(id, 'slack', { status: 'failed', attempts: 4, lastError: 'boom' }),
      ),
    ).toEqual({ status: 'failed', attempts: 6, lastError: 'boom' });

    const clean = createOutbox();
    clean.enqueue(alert, ['gateway'], T0);
    expect(
      summarizeRecord(clean.record(id, 'gateway', { status: 'delivered', attempts: 1 })).status,
    ).toBe('delivered');
  });
});
