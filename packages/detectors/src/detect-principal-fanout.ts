import type { Expectation } from '@vigil/baselines';
import type { AnomalyDraft } from './anomaly';
import { describeSpan, judgedAtMs, type ClosedWindow } from './closed-window';
import { countSd } from './detect-call-volume';
import { judgeExcess, type Excess } from './excess';
import { describeExpectationSource, formatCount, formatMeanSd } from './format';

/** principal_fanout: an agent acting for far more distinct users (onBehalfOf) in a window than usual. */
export function detectPrincipalFanout(
  closed: ClosedWindow,
  expectation: Expectation,
): { draft: AnomalyDraft | undefined; excess: Excess } {
  const { agent, start, end, window, config, scale } = closed;
  const users = window.users.size;
  const sd = countSd(expectation.mean, expectation.sd);
  const excess = judgeExcess(users, expectation.mean, sd, {
    minRatio: config.fanoutMinRatio,
    minZ: config.fanoutMinZ,
    minAbsolute: scale.fanoutMinUsers,
    learnMaxZ: config.windowLearnMaxZ,
  });
  if (!excess.fires) return { draft: undefined, excess };
  const usual = formatMeanSd(expectation.mean, sd, formatCount);
  const whose = describeExpectationSource(expectation, start, config.utcOffsetMinutes, end - start);
  const span = describeSpan(closed);
  return {
    excess,
    draft: {
      kind: 'principal_fanout',
      agentId: agent.id,
      anchor: start,
      key: `${scale.keyPrefix}users`,
      cause: 'users',
      eventTimeMs: judgedAtMs(closed),
      log10P: excess.log10P,
      observed: `${users} distinct users`,
      expected: `${usual} users`,
      explanation: `agent ${agent.id} acted for ${users} distinct users in ${span}; ${whose} is ${usual}; check whose data it reached and suspend its delegations if unsanctioned`,
      evidenceEventIds: window.userEvidence,
    },
  };
}
