import type { Expectation } from '@vigil/baselines';
import type { OpState } from './agent-state';
import type { AnomalyDraft } from './anomaly';
import { describeSpan, judgedAtMs, type ClosedWindow } from './closed-window';
import { judgeExcess, type ExcessRule } from './excess';
import { describeExpectationSource, formatCount, formatMeanSd } from './format';

export interface CallVolumeResult {
  drafts: AnomalyDraft[];
  /** Calls above the firing thresholds: not learned, so an attack does not become the baseline. */
  excessCalls: number;
  /** Per operation, the count to learn instead of the observed one (only for operations that fired). */
  clipped: Map<OpState, number> | undefined;
  /** Fewest further calls that could make this window fire (when nothing fired): early firing waits for them. */
  headroom: number;
}

/**
 * call_volume: calls in a window, to one operation or in all, far above the
 * agent's usual for this hour (scaled by a population surge). An operation's
 * expectation is the total's times its share of the agent's calls; a
 * warming-up agent, or a new operation, gets the whole total. One anomaly per
 * agent, window and operation; the total is reported only when no single
 * operation explains the burst.
 */
export function detectCallVolume(
  closed: ClosedWindow,
  expectation: Expectation,
  surge: number,
): CallVolumeResult {
  const { agent, start, window, config, scale } = closed;
  const rule: ExcessRule = {
    minRatio: scale.callVolumeMinRatio,
    minZ: config.callVolumeMinZ,
    minAbsolute: scale.callVolumeMinCalls,
  };
  const result: CallVolumeResult = {
    drafts: [],
    excessCalls: 0,
    clipped: undefined,
    // An operation not in the window yet fires at the floor at the earliest.
    headroom: rule.minAbsolute,
  };
  const total = expectation.mean * surge;
  const totalSd = expectation.sd * surge;
  for (const [op, counted] of window.ops) {
    const share = agent.mature && agent.shareTotal > 0 ? op.share / agent.shareTotal : 1;
    const mean = total * share;
    const sd = countSd(
      mean,
      Math.sqrt(share * share * totalSd * totalSd + share * (1 - share) * total),
    );
    const excess = judgeExcess(counted.count, mean, sd, rule);
    if (!excess.fires) {
      result.headroom = Math.min(result.headroom, excess.threshold - counted.count);
      continue;
    }
    result.excessCalls += counted.count - excess.threshold;
    (result.clipped ??= new Map()).set(op, excess.threshold);
    const usual = formatMeanSd(mean, sd, formatCount);
    const cause = op.population.key;
    result.drafts.push({
      kind: 'call_volume',
      agentId: agent.id,
      anchor: start,
      key: scale.keyPrefix + cause,
      cause,
      eventTimeMs: judgedAtMs(closed),
      log10P: excess.log10P,
      observed: `${counted.count} ${op.name} calls`,
      expected: `${usual} calls`,
      explanation: `agent ${agent.id} made ${counted.count} ${op.name} calls to ${op.server.id} in ${describeSpan(closed)}; ${whoseUsual(closed, expectation)} is ${usual}; throttle or isolate it if this is not a sanctioned job`,
      evidenceEventIds: counted.evidence,
    });
  }
  if (result.drafts.length > 0) return result;
  const sd = countSd(total, totalSd);
  const excess = judgeExcess(window.calls, total, sd, rule);
  if (!excess.fires) {
    result.headroom = Math.max(1, Math.min(result.headroom, excess.threshold - window.calls));
    return result;
  }
  result.excessCalls = window.calls - excess.threshold;
  const usual = formatMeanSd(total, sd, formatCount);
  result.drafts.push({
    kind: 'call_volume',
    agentId: agent.id,
    anchor: start,
    key: `${scale.keyPrefix}*`,
    cause: '*',
    eventTimeMs: judgedAtMs(closed),
    log10P: excess.log10P,
    observed: `${window.calls} calls`,
    expected: `${usual} calls`,
    explanation: `agent ${agent.id} made ${window.calls} calls in ${describeSpan(closed)}; ${whoseUsual(closed, expectation)} is ${usual}; throttle or isolate it if this is not a sanctioned job`,
    evidenceEventIds: window.evidence,
  });
  return result;
}

/** Described only when something fires: most windows close quietly. */
function whoseUsual(closed: ClosedWindow, expectation: Expectation): string {
  const { start, end, config } = closed;
  return describeExpectationSource(expectation, start, config.utcOffsetMinutes, end - start);
}

/** Counts vary at least like a Poisson count, and never by less than one. */
export function countSd(mean: number, sd: number): number {
  return Math.max(sd, Math.sqrt(mean), 1);
}
