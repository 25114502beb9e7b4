import { beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from '../scenarios/generate';
import { compareRuns } from './compare-runs';
import { faultProfile } from './fault-profile';
import { faultsOf } from './faults';
import { testsUseLocalStack } from './local-stack';
import type { RunOutcome } from './run-outcome';
import { runStream, type Fault } from './run-stream';

const profile = faultProfile();
const scenario = generateScenario(profile.stream);

/**
 * What `npm test` runs (fast profile), to stay in CI's budget; `npm run test:faults` runs all.
 * Here: the ClickHouse outage, and instances joining and leaving (the rebalances, the handover of
 * state and the fleet-wide population). Not here: the Kafka outage (it adds ~90 s), the webhook
 * outage (~60 s; the isolation tests cover delivery retries), and SIGKILL (the collector-crash and
 * detector-restart tests kill services too).
 */
const FAST_SUBSET = new Set(['clickhouse', 'scale']);

const localStack = await testsUseLocalStack();

describe(`faults on the real stack (${profile.name}: ${scenario.stats.auditEvents} events)`, () => {
  let baseline: RunOutcome;

  beforeAll(async () => {
    baseline = (await runStream('baseline', scenario, profile.feedMs)).outcome;
    console.log(`fault-free run\n${compareRuns(baseline, baseline).summary}`);
  }, 900_000);

  /**
   * The run with the fault, held against the fault-free run: nothing lost, nothing twice, and on the
   * full profile the same anomalies and alerted agents. The fast profile squeezes two days into 10 s
   * (5 minutes of allowed lateness is 17 ms of feed), so which occurrences of a cause are judged in
   * time follows the fault's timing: there its differences are printed, not held.
   */
  async function rideThrough(fault: Fault): Promise<void> {
    const { outcome, notes } = await runStream(fault.id, scenario, profile.feedMs, fault);
    const comparison = compareRuns(baseline, outcome);
    const differences = comparison.differences.map((line) => `differs: ${line}`);
    console.log([fault.name, ...notes, comparison.summary, ...differences].join('\n'));
    expect(comparison.problems).toEqual([]);
    if (profile.name === 'full') expect(comparison.differences).toEqual([]);
  }

  for (const fault of faultsOf(profile)) {
    const inProfile = profile.name === 'full' || FAST_SUBSET.has(fault.id);
    const runnable = inProfile && (localStack || !fault.stopsStack);
    const title = `${fault.name}: nothing lost, nothing twice, the same anomalies and alerts`;
    it.runIf(runnable)(title, () => rideThrough(fault), 1_200_000);
  }
});
