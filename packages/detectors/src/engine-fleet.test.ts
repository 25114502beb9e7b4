import { describe, expect, it } from 'vitest';
import type { CoreAnomaly } from './anomaly';
import { createDetectionEngine, type DetectionEngine, type DetectorInput } from './engine';
import { latestVersions, runStream } from './testing/run';
import { DAY, HOUR, MINUTE, MONDAY, call, mergeByTime, simulateBenign } from './testing/simulate';

// Eight agents of each kind over four partitions: sales-2, -3, -6 and -7 are on partitions 2 and 3.
const AWAY = ['sales-2', 'sales-3', 'sales-6', 'sales-7'];
const ATTACK = MONDAY + 2 * DAY + 10 * HOUR;
const NEW_DEFINITION = 'hash-get_account-v2';

const stream = mergeByTime(
  simulateBenign({ agentsPerKind: 8, fromMs: MONDAY, toMs: ATTACK + DAY, busyRate: 8, seed: 5 }),
  [
    // Only the agents on partitions 2 and 3 use the forecast tool, from the start: unremarked.
    ...AWAY.flatMap((agent, a) =>
      Array.from({ length: 24 }, (_, i) =>
        withPartition(
          call(agent, MONDAY + 30 * MINUTE + i * 2 * HOUR + a * MINUTE, `f-${agent}-${i}`, {
            toolName: 'forecast',
          }),
          agent,
        ),
      ),
    ),
    // A mature agent on partition 0 takes it up: the fleet knows the tool.
    call('sales-0', ATTACK, 'f-sales-0', { toolName: 'forecast' }),
    // The CRM's get_account changes; every sales agent meets it, two hours apart.
    ...Array.from({ length: 8 }, (_, i) =>
      withPartition(
        call(`sales-${i}`, ATTACK + HOUR + i * 2 * HOUR, `d-${i}`, {
          toolName: 'get_account',
          toolSchemaHash: NEW_DEFINITION,
        }),
        `sales-${i}`,
      ),
    ),
  ],
);

function withPartition(input: DetectorInput, agent: string): DetectorInput {
  return { ...input, partition: Number(agent.split('-')[1]) % 4 };
}

/**
 * Two instances, each holding two of the four partitions; every hour of event
 * time each hands the other the snapshots of the agents it changed (as the
 * detector's changelog does), when `share` is set.
 */
function runSplit(share: boolean): CoreAnomaly[] {
  const home = createDetectionEngine();
  const away = createDetectionEngine();
  const found: CoreAnomaly[] = [];
  let nextExchange = MONDAY + HOUR;
  for (const input of stream) {
    const time = Date.parse(input.event.time);
    for (; share && time >= nextExchange; nextExchange += HOUR) {
      exchange(home, away);
      exchange(away, home);
    }
    const engine = input.partition < 2 ? home : away;
    found.push(...engine.ingest(input).anomalies);
  }
  found.push(...home.flush(), ...away.flush());
  return found;
}

function exchange(from: DetectionEngine, to: DetectionEngine): void {
  for (const agentId of from.takeDirtyAgents())
    to.setRemoteAgent(agentId, JSON.parse(JSON.stringify(from.snapshotAgent(agentId))));
}

const forecastAlarm = (anomalies: CoreAnomaly[]) =>
  anomalies.some((a) => a.kind === 'new_resource' && a.agentId === 'sales-0');

/** The highest version of the definition change's one anomaly, as a reader of the table sees it. */
function definitionChange(anomalies: CoreAnomaly[]): { version: number; count: number } {
  const versions = anomalies.filter((a) => a.kind === 'tool_definition_changed');
  const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
  expect(new Set(versions.map((a) => a.anomalyId)).size).toBe(1);
  return { version: latest.version, count: latest.count };
}

describe('a fleet of instances', () => {
  const whole = runStream(stream);

  it('one instance: the tool the others use is no news, and the change reached all eight', () => {
    expect(forecastAlarm(whole)).toBe(false);
    expect(definitionChange(latestVersions(whole))).toEqual({ version: 8, count: 8 });
  });

  it('two instances counting only their own agents judge otherwise (what the sharing is for)', () => {
    const alone = runSplit(false);
    expect(forecastAlarm(alone)).toBe(true);
    expect(definitionChange(alone).count).toBeLessThan(8);
  });

  it('two instances that count each other’s agents from their snapshots judge as one', () => {
    const shared = runSplit(true);
    expect(forecastAlarm(shared)).toBe(false);
    expect(definitionChange(shared)).toEqual({ version: 8, count: 8 });
  });
});
