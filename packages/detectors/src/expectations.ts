import { populationRatio, type Expectation, type WindowRateBaseline } from '@vigil/baselines';
import { METRIC_BYTES, METRIC_CALLS, type AgentState } from './agent-state';
import type { DetectionConfig } from './config';
import type { Population } from './population';

/**
 * What to expect of one metric of an agent's window: its own baseline once it
 * is mature; while it warms up, its peers' (or its own young baseline when
 * that expects more, or when it has no peers yet). Undefined: nothing to
 * compare with yet, so the window kinds stay quiet.
 */
export function windowExpectation(
  agent: AgentState,
  metric: number,
  windowStart: number,
  population: Population,
  config: DetectionConfig,
  mature: boolean,
): Expectation | undefined {
  const own =
    agent.rates.samples() >= config.minBaselineWindows
      ? agent.rates.expected(metric, windowStart)
      : undefined;
  if (mature && own !== undefined) return own;
  const peers = population.peerExpectation(
    agent.peerKey,
    metric,
    windowStart,
    config.minPeers,
    config.minBaselineWindows,
    config.warmupMs,
  );
  if (peers !== undefined && own !== undefined) return peers.mean >= own.mean ? peers : own;
  return peers ?? own;
}

/**
 * What to expect of one metric of an agent's window at a larger scale (an
 * hour, a day): its own baseline of that scale only, once it is mature and
 * the baseline holds `minWindows` windows. Warming-up agents are judged at
 * the base scale only (against their peers there).
 */
export function scaleExpectation(
  rates: WindowRateBaseline,
  metric: number,
  windowStart: number,
  minWindows: number,
  mature: boolean,
): Expectation | undefined {
  return mature && rates.samples() >= minWindows ? rates.expected(metric, windowStart) : undefined;
}

/** Metrics whose expectation follows a population surge (distinct users do not rise with load). */
export const SURGE_METRICS = [METRIC_CALLS, METRIC_BYTES] as const;

export interface SurgeSample {
  readonly peerKey: string;
  readonly observed: readonly number[];
  readonly expected: readonly (Expectation | undefined)[];
}

/**
 * Per peer group and metric, how far the group as a whole runs above its
 * usual in this window (at least 1, at most maxSurgeFactor): when every agent
 * of a kind is at 1.5x, each one's expectation is scaled by 1.5.
 */
export function surgeFactors(
  samples: readonly SurgeSample[],
  config: DetectionConfig,
): Map<string, number[]> {
  const ratios = new Map<string, number[][]>();
  for (const sample of samples) {
    let byMetric = ratios.get(sample.peerKey);
    if (byMetric === undefined) {
      byMetric = SURGE_METRICS.map(() => []);
      ratios.set(sample.peerKey, byMetric);
    }
    for (let i = 0; i < SURGE_METRICS.length; i++) {
      const metric = SURGE_METRICS[i] as number;
      const expected = sample.expected[metric];
      if (expected !== undefined && expected.mean >= config.surgeMinExpected) {
        byMetric[i]?.push((sample.observed[metric] ?? 0) / expected.mean);
      }
    }
  }
  const factors = new Map<string, number[]>();
  for (const [peerKey, byMetric] of ratios) {
    const perMetric = [1, 1, 1];
    SURGE_METRICS.forEach((metric, i) => {
      const list = byMetric[i] ?? [];
      const ratio = list.length >= config.surgeMinAgents ? (populationRatio(list) ?? 1) : 1;
      perMetric[metric] = Math.min(config.maxSurgeFactor, Math.max(1, ratio));
    });
    factors.set(peerKey, perMetric);
  }
  return factors;
}
