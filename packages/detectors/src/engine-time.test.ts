import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from './engine';
import { MINUTE, MONDAY, call } from './testing/simulate';

const T0 = MONDAY + 10 * 60 * MINUTE;

describe('event time in the engine', () => {
  it('counts an event within the lateness and flags one beyond it as late, unscored', () => {
    const engine = createDetectionEngine();
    engine.ingest(call('sales-1', T0 + 20 * MINUTE, 'e-1'));
    expect(engine.ingest(call('sales-1', T0 + 15 * MINUTE, 'e-2')).late).toBe(false);
    const late = engine.ingest(
      call(
        'sales-1',
        T0 + 15 * MINUTE - 1,
        'e-3',
        {},
        { tokenStatus: 'revoked', userStatus: 'active' },
      ),
    );
    expect(late).toEqual({ anomalies: [], late: true });
    expect(engine.stats()).toMatchObject({ lateEvents: 1, eventsIngested: 2 });
  });

  it('holds the watermark at the slowest partition and stops waiting for an idle one', () => {
    const engine = createDetectionEngine({ idlePartitionMs: 30 * MINUTE });
    engine.ingest({ ...call('a', T0, 'e-1'), partition: 1 });
    engine.ingest({ ...call('b', T0 + 20 * MINUTE, 'e-2'), partition: 0 });
    expect(engine.watermark()).toBe(T0 - 5 * MINUTE);
    engine.ingest({ ...call('b', T0 + 31 * MINUTE, 'e-3'), partition: 0 });
    expect(engine.watermark()).toBe(T0 + 26 * MINUTE);
  });

  it('after a restore, closes no window until every backlogged partition has delivered', () => {
    const before = createDetectionEngine();
    before.ingest({ ...call('a', T0 + 2 * MINUTE, 'e-1'), partition: 1 });
    const engine = createDetectionEngine();
    engine.restoreAgent('a', JSON.parse(JSON.stringify(before.snapshotAgent('a'))));
    engine.setPartitionBacklog(0, true);
    engine.setPartitionBacklog(1, true);
    engine.ingest({ ...call('b', T0 + 40 * MINUTE, 'e-2'), partition: 0 });
    // Partition 1 has not been read yet: agent a's restored window stays open for its next event.
    expect(engine.stats().openWindows).toBe(2);
    engine.ingest({ ...call('a', T0 + 8 * MINUTE, 'e-3'), partition: 1 });
    expect(engine.stats().openWindows).toBe(2);
    expect(engine.snapshotAgent('a')).toMatchObject({ windows: [{ calls: 2 }] });
  });

  it('closes a window once the watermark passes its end, and puts an event at the end in the next window', () => {
    const engine = createDetectionEngine();
    engine.ingest(call('sales-1', T0, 'e-1'));
    engine.ingest(call('sales-1', T0 + 10 * MINUTE, 'e-2'));
    expect(engine.stats().openWindows).toBe(2);
    engine.ingest(call('sales-1', T0 + 15 * MINUTE, 'e-3'));
    expect(engine.stats().openWindows).toBe(1);
  });

  it('counts a duplicate event once', () => {
    const engine = createDetectionEngine();
    engine.ingest(call('sales-1', T0, 'e-1'));
    engine.ingest(call('sales-1', T0, 'e-1'));
    expect(engine.stats()).toMatchObject({ eventsIngested: 1, duplicateEvents: 1 });
  });

  it('does not throw on a minimal event without optional fields', () => {
    const engine = createDetectionEngine();
    const event = {
      eventId: 'e-1',
      time: '2026-03-02T10:00:00+01:00',
      agentId: 'x',
      method: 'initialize',
      serverId: 's',
      outcome: 'ok' as const,
    };
    expect(engine.ingest({ event, partition: 0 })).toEqual({ anomalies: [], late: false });
    expect(engine.flush()).toEqual([]);
  });

  it('rejects an invalid configuration with a code', () => {
    expect(() => createDetectionEngine({ windowMs: 600_000, windowHopMs: 7 })).toThrow(
      expect.objectContaining({ code: 'VIGIL_DETECT_BAD_CONFIG' }),
    );
  });
});
