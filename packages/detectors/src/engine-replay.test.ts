import { Anomaly, type Enrichment } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from './engine';
import { latestVersions, runStream } from './testing/run';
import { DAY, HOUR, MINUTE, MONDAY, call, mergeByTime, simulateBenign } from './testing/simulate';

const ATTACK = MONDAY + 2 * DAY + 10 * HOUR;
const revoked: Enrichment = { tokenStatus: 'revoked', userStatus: 'active' };
const stream = mergeByTime(
  simulateBenign({
    agentsPerKind: 5,
    fromMs: MONDAY,
    toMs: MONDAY + 3 * DAY,
    busyRate: 12,
    seed: 3,
  }),
  [
    ...Array.from({ length: 300 }, (_, i) => call('sales-1', ATTACK + i * 1_000, `a-${i}`)),
    call('support-2', ATTACK + 30 * MINUTE, 'b-1', { responseBytes: 60_000_000 }),
    call('support-3', ATTACK + 40 * MINUTE, 'c-1', {}, revoked),
    call('sales-2', ATTACK + 50 * MINUTE, 'd-1', { resourceUri: 'secrets://vault/root' }),
  ],
);

describe('replay', () => {
  it('gives identical anomalies, ids included, for the same input twice', () => {
    const first = runStream(stream);
    expect(
      latestVersions(first)
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['call_volume', 'new_resource', 'payload_size', 'revoked_token']);
    expect(runStream(stream)).toEqual(first);
  });

  it('gives the same subsequent output after snapshotting and restoring every agent', () => {
    const cut = stream.findIndex((input) => Date.parse(input.event.time) >= ATTACK - HOUR);
    const original = createDetectionEngine();
    for (const input of stream.slice(0, cut)) original.ingest(input);
    const restarted = createDetectionEngine();
    for (const agentId of original.takeDirtyAgents().reverse()) {
      restarted.restoreAgent(agentId, JSON.parse(JSON.stringify(original.snapshotAgent(agentId))));
    }
    const rest = stream.slice(cut);
    const expected = runStream(rest, {}, original);
    expect(expected.length).toBeGreaterThan(0);
    expect(runStream(rest, {}, restarted)).toEqual(expected);
  });

  it('emits anomalies that satisfy the contract once stamped with a detection time', () => {
    for (const anomaly of runStream(stream)) {
      expect(
        Anomaly.safeParse({ ...anomaly, detectedAt: '2026-03-05T00:00:00.000Z' }).success,
      ).toBe(true);
    }
  });

  it('catches a burst with hopping windows too: the second overlapping window updates the same anomaly', () => {
    const found = runStream(stream, { windowHopMs: 5 * MINUTE, earlyFiring: false }).filter(
      (a) => a.kind === 'call_volume',
    );
    expect(found.map((a) => a.agentId)).toEqual(['sales-1', 'sales-1']);
    expect(new Set(found.map((a) => a.anomalyId)).size).toBe(1);
    expect(found.map((a) => [a.version, a.count])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(found[1]?.eventTime).toBe(found[0]?.eventTime);
  });

  it('lists the agents changed since the last call, once', () => {
    const engine = createDetectionEngine();
    engine.ingest(call('b', MONDAY, 'e-1'));
    engine.ingest(call('a', MONDAY, 'e-2'));
    expect(engine.takeDirtyAgents()).toEqual(['a', 'b']);
    expect(engine.takeDirtyAgents()).toEqual([]);
  });

  it('forgets a dropped agent and rejects a malformed snapshot with a code', () => {
    const engine = createDetectionEngine();
    engine.ingest(call('a', MONDAY, 'e-1'));
    engine.dropAgent('a');
    expect(engine.stats()).toMatchObject({ agents: 0, openWindows: 0 });
    expect(engine.snapshotAgent('a')).toBeUndefined();
    expect(() => engine.restoreAgent('a', { v: 1, id: 'b' })).toThrow(
      expect.objectContaining({ code: 'VIGIL_DETECT_BAD_SNAPSHOT' }),
    );
  });
});
