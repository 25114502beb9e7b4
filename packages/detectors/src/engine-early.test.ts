import { describe, expect, it } from 'vitest';
import type { CoreAnomaly } from './anomaly';
import { createDetectionEngine } from './engine';
import { runStream } from './testing/run';
import { DAY, HOUR, MINUTE, MONDAY, call, mergeByTime, simulateBenign } from './testing/simulate';

const ATTACK = MONDAY + 2 * DAY + 10 * HOUR;
const benign = simulateBenign({
  agentsPerKind: 5,
  fromMs: MONDAY,
  toMs: MONDAY + 3 * DAY,
  busyRate: 12,
  seed: 5,
});
/** 400 calls of one tool, one every 1.2 s: the 10-minute window from 10:00 holds 400 more than usual. */
const burst = Array.from({ length: 400 }, (_, i) =>
  call('sales-1', ATTACK + i * 1_200, `burst-${i}`, { toolName: 'search_accounts' }),
);
/** 40 users in the window, one a minute at first, where 3 a window are usual. */
const fanout = Array.from({ length: 40 }, (_, i) =>
  call('sales-2', ATTACK + i * 14_000, `fan-${i}`, { onBehalfOf: `victim-${i}` }),
);
const stream = mergeByTime(benign, [...burst, ...fanout]);
const of = (found: CoreAnomaly[], agentId: string) => found.filter((a) => a.agentId === agentId);

describe('early firing of the window kinds', () => {
  const found = runStream(stream);

  it('reports a burst at the event that crosses the threshold, while its window is open', () => {
    const [early] = of(found, 'sales-1');
    expect(early).toMatchObject({ kind: 'call_volume', version: 1 });
    const crossing = Date.parse(early?.eventTime ?? '');
    expect(crossing).toBeGreaterThan(ATTACK);
    expect(crossing).toBeLessThan(ATTACK + 5 * MINUTE);
    expect(early?.explanation).toMatch(/so far \(the window of 10 minutes is still open\)/);
    // What the window held at the crossing event: in all, or of the one tool, whichever fired first.
    const counted = Number(/^(\d+) (search_accounts )?calls$/.exec(early?.observed ?? '')?.[1]);
    expect(counted, early?.observed).toBeLessThan(400);
  });

  it('updates the same anomaly with the final value when the window closes', () => {
    const [early, ...later] = of(found, 'sales-1');
    const last = later.at(-1);
    expect(last).toMatchObject({ anomalyId: early?.anomalyId, eventTime: early?.eventTime });
    expect(last?.version).toBeGreaterThan(1);
    expect(last?.observed).toMatch(/^4\d\d search_accounts calls$/);
    expect(last?.explanation).not.toMatch(/still open/);
  });

  it('reports a fan-out early too', () => {
    const [early] = of(found, 'sales-2');
    expect(early).toMatchObject({ kind: 'principal_fanout', version: 1 });
    expect(Date.parse(early?.eventTime ?? '')).toBeLessThan(ATTACK + 10 * MINUTE);
    expect(early?.explanation).toMatch(/still open/);
  });

  it('reports only at the close when early firing is off', () => {
    const closed = of(runStream(stream, { earlyFiring: false }), 'sales-1');
    expect(closed.map((a) => a.eventTime)).toEqual([new Date(ATTACK + 10 * MINUTE).toISOString()]);
  });

  it('gives the same anomalies after a snapshot and restore in the middle of the burst', () => {
    const cut = stream.findIndex((input) => Date.parse(input.event.time) >= ATTACK + 2 * MINUTE);
    const original = createDetectionEngine();
    const before: CoreAnomaly[] = [];
    for (const input of stream.slice(0, cut)) before.push(...original.ingest(input).anomalies);
    const restarted = createDetectionEngine();
    for (const agentId of original.takeDirtyAgents().reverse())
      restarted.restoreAgent(agentId, JSON.parse(JSON.stringify(original.snapshotAgent(agentId))));
    expect([...before, ...runStream(stream.slice(cut), {}, restarted)]).toEqual(found);
  });
});
