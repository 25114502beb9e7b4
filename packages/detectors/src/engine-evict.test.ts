import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { CoreAnomaly } from './anomaly';
import { createDetectionEngine, type DetectionEngine, type DetectorInput } from './engine';
import { latestVersions } from './testing/run';
import {
  DAY,
  HOUR,
  MINUTE,
  MONDAY,
  call,
  mergeByTime,
  minimalCall,
  simulateBenign,
} from './testing/simulate';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap and the typed arrays' buffers, which live outside it (rate baselines are Float64Arrays). */
function memoryAfterGc(): number {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

function sprayed(index: number, time: number): DetectorInput {
  return minimalCall(`spray-${index}`, `spray-${index}`, time);
}

const FLOOD = MONDAY + 2 * DAY + 9 * HOUR;
const ATTACK = FLOOD + HOUR;
const benign = simulateBenign({
  agentsPerKind: 5,
  fromMs: MONDAY,
  toMs: MONDAY + 3 * DAY,
  busyRate: 12,
  seed: 3,
});
/** 30,000 new ids in the hour before sales-1 calls 300 times in five minutes. */
const stream = mergeByTime(benign, [
  ...Array.from({ length: 30_000 }, (_, i) => sprayed(i, FLOOD + Math.floor((i * HOUR) / 30_000))),
  ...Array.from({ length: 300 }, (_, i) => call('sales-1', ATTACK + i * 1_000, `attack-${i}`)),
]);
/** Room for the ten benign agents and a few hundred newcomers. */
const CAP = 500;

/** Runs the stream, handing out and collecting ids as the changelog would every 1,000 events. */
function run(config = {}): {
  anomalies: CoreAnomaly[];
  evicted: string[];
  engine: DetectionEngine;
} {
  const engine = createDetectionEngine({ maxAgents: CAP, ...config });
  const anomalies: CoreAnomaly[] = [];
  const evicted: string[] = [];
  stream.forEach((input, i) => {
    anomalies.push(...engine.ingest(input).anomalies);
    if (i % 1_000 === 0) {
      engine.takeDirtyAgents();
      evicted.push(...engine.takeEvictedAgents());
    }
  });
  anomalies.push(...engine.flush());
  return { anomalies, evicted, engine };
}

/** When the engine's record of the agent begins: after an eviction, when it came back. */
function firstSeen(engine: DetectionEngine, agentId: string): number | undefined {
  return (engine.snapshotAgent(agentId) as { firstSeen: number } | undefined)?.firstSeen;
}

describe('a bounded number of agents', () => {
  // 1,000,000 ids at the default cap: `npm run bench:flood -w @vigil/detectors`.
  it('300,000 distinct agent ids in an hour keep the agents within the cap and the heap flat', () => {
    const engine = createDetectionEngine({ maxAgents: 1_000 });
    const total = 300_000;
    let atFull = 0;
    for (let i = 0; i < total; i++) {
      engine.ingest(sprayed(i, MONDAY + Math.floor((i * HOUR) / total)));
      // From here the id dedupe table (200,000 ids) is full: what grows after is the agents' state.
      if (i === 220_000) atFull = memoryAfterGc();
    }
    const grown = memoryAfterGc() - atFull;
    const stats = engine.stats();
    expect(stats.agents).toBe(1_000);
    expect(stats.evictedAgents).toEqual({ probation: 299_000, protected: 0 });
    expect(stats.openWindows).toBeLessThanOrEqual(1_000);
    expect(grown).toBeLessThan(10e6);
  }, 180_000);

  it('an established agent keeps its baseline through a flood and still catches an attack after it', () => {
    const { anomalies, engine } = run();
    const stats = engine.stats();
    expect(stats.protectedAgents).toBe(10);
    expect(stats.evictedAgents.protected).toBe(0);
    expect(stats.evictedAgents.probation).toBeGreaterThan(29_000);
    expect(firstSeen(engine, 'sales-1')).toBeLessThan(MONDAY + DAY);
    const caught = latestVersions(anomalies).filter(
      (a) => a.agentId === 'sales-1' && a.kind === 'call_volume',
    );
    expect(caught.length).toBe(1);
    expect(Date.parse(caught[0]?.eventTime ?? '')).toBeGreaterThanOrEqual(ATTACK);
  });

  it('without protection the same flood wipes the established agents out', () => {
    const { engine } = run({ protectedMinCalls: Number.MAX_SAFE_INTEGER });
    expect(engine.stats().protectedAgents).toBe(0);
    expect(firstSeen(engine, 'sales-1')).toBeGreaterThanOrEqual(FLOOD);
  });

  it('evicts the same agents and reports the same anomalies on a replay', () => {
    const first = run();
    const second = run();
    expect(first.evicted.length).toBeGreaterThan(10_000);
    expect(second.evicted).toEqual(first.evicted);
    expect(second.anomalies).toEqual(first.anomalies);
  });

  it('reports an evicted agent for deletion only if its state was handed out, and not once it is back', () => {
    const engine = createDetectionEngine({ maxAgents: 2 });
    engine.ingest(call('a', MONDAY, 'e-1'));
    expect(engine.takeDirtyAgents()).toEqual(['a']);
    engine.ingest(call('b', MONDAY + MINUTE, 'e-2'));
    engine.ingest(call('c', MONDAY + 2 * MINUTE, 'e-3'));
    engine.ingest(call('d', MONDAY + 3 * MINUTE, 'e-4'));
    // a (handed out) and b (never handed out) were evicted: only a has stored state to delete.
    expect(engine.takeEvictedAgents()).toEqual(['a']);
    engine.takeDirtyAgents();
    // Seen in a later window: c is now more recent than d.
    engine.ingest(call('c', MONDAY + 10 * MINUTE, 'e-5'));
    engine.ingest(call('e', MONDAY + 11 * MINUTE, 'e-6'));
    engine.ingest(call('d', MONDAY + 12 * MINUTE, 'e-7'));
    // d went, then came back (evicting c) before the changelog asked: only c's stored state goes.
    expect(engine.takeEvictedAgents()).toEqual(['c']);
    expect(engine.stats()).toMatchObject({ agents: 2, evictedAgents: { probation: 4 } });
  });

  it('counts an agent’s spray of server ids and tool names under one server and one tool each', () => {
    const engine = createDetectionEngine({ maxServersPerAgent: 4, maxToolsPerServer: 4 });
    const AFTER = MONDAY + 3 * DAY + HOUR;
    const anomalies: CoreAnomaly[] = [];
    for (const input of benign) anomalies.push(...engine.ingest(input).anomalies);
    const spray = Array.from({ length: 1_000 }, (_, i) => [
      call('sales-1', AFTER + i * 100, `s-${i}`, { serverId: `srv-${i}`, toolName: 'x' }),
      call('sales-1', AFTER + i * 100 + 50, `t-${i}`, { toolName: `tool-${i}` }),
    ]).flat();
    for (const input of spray) anomalies.push(...engine.ingest(input).anomalies);
    const snapshot = engine.snapshotAgent('sales-1') as { servers: { id: string; ops: unknown[] }[] };
    expect(snapshot.servers.length).toBeLessThanOrEqual(4);
    for (const server of snapshot.servers) expect(server.ops.length).toBeLessThanOrEqual(4);
    expect(snapshot.servers.map((s) => s.id)).toContain('{other servers}');
    expect(engine.stats().boundedCalls).toBeGreaterThan(1_900);
    // The spray is a few first uses (servers up to the bound, then the other servers and tools), not 2,000.
    const sprayed = latestVersions(anomalies).filter(
      (a) => a.agentId === 'sales-1' && a.kind === 'new_resource',
    );
    expect(sprayed.length).toBeGreaterThan(0);
    expect(sprayed.length).toBeLessThanOrEqual(4);
  });
});
