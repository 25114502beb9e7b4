import {
  log10Size,
  momentsCount,
  momentsMean,
  momentsSd,
  observeMoments,
  type Expectation,
} from '@vigil/baselines';
import {
  AGENT_SIZE_AT,
  OP_SIZE_AT,
  agentSizeMoments,
  opSizeMoments,
  type AgentState,
  type OpState,
} from './agent-state';
import type { AnomalyDraft } from './anomaly';
import type { DetectionConfig } from './config';
import { describeSpan, judgedAtMs, type ClosedWindow } from './closed-window';
import { firstReportInWindow, type EventContext } from './event-context';
import { judgeExcess, type Excess } from './excess';
import { describeExpectationSource, formatBytes, formatMeanSd } from './format';
import { normalUpperTailLog10 } from './score';
import { largestEvidence } from './window-aggregate';

/**
 * payload_size for one call: a response far above the typical size of this
 * operation (or of the agent's calls, or for a warming-up agent of its peers'
 * calls to the same operation), on a log scale. Reported once per agent per
 * window. A call is learned only when it did not fire.
 */
export function detectCallPayload(ctx: EventContext, decay: number): AnomalyDraft | undefined {
  const bytes = ctx.event.responseBytes;
  if (bytes === undefined) return undefined;
  const { agent, op, config } = ctx;
  const logBytes = log10Size(bytes);
  if (bytes >= config.payloadMinBytes) {
    const baseline = callSizeBaseline(agent, op, config);
    if (baseline !== undefined) {
      const meanLog = momentsMean(baseline, 0);
      const typicalBytes = Math.pow(10, meanLog) - 1;
      const z = (logBytes - meanLog) / Math.max(momentsSd(baseline, 0), config.payloadSdLogFloor);
      if (bytes >= typicalBytes * config.payloadMinRatio && z >= config.payloadMinZ) {
        return reportCallPayload(ctx, bytes, typicalBytes, z);
      }
    }
  }
  observeMoments(op.slab.data, op.at + OP_SIZE_AT, logBytes, decay);
  observeMoments(agent.slab.data, agent.at + AGENT_SIZE_AT, logBytes, decay);
  if (agent.mature) observeMoments(op.population.size, 0, logBytes, decay);
  return undefined;
}

function reportCallPayload(
  ctx: EventContext,
  bytes: number,
  typicalBytes: number,
  z: number,
): AnomalyDraft | undefined {
  const { agent, op, event } = ctx;
  if (!firstReportInWindow(agent, ctx.windowStart, 'payload_size\u0000call')) return undefined;
  const typical = formatBytes(typicalBytes);
  return {
    kind: 'payload_size',
    agentId: agent.id,
    anchor: ctx.windowStart,
    key: 'call',
    eventTimeMs: ctx.time,
    log10P: normalUpperTailLog10(z),
    observed: `${formatBytes(bytes)} in one call`,
    expected: `about ${typical} per call`,
    explanation: `agent ${agent.id} received ${formatBytes(bytes)} from ${op.name} on ${op.server.id} in one call, where about ${typical} is usual; check what data left and whether the agent should have it`,
    evidenceEventIds: [event.eventId],
  };
}

/**
 * The log-size moments to compare a call with: the operation's own, else the
 * agent's; while warming up, its peers' for the operation when they expect
 * more (or when the agent has too few calls). Checked only for large responses.
 */
function callSizeBaseline(
  agent: AgentState,
  op: OpState,
  config: DetectionConfig,
): Float64Array | undefined {
  const min = config.minSizeSamples;
  const own =
    momentsCount(op.slab.data, op.at + OP_SIZE_AT) >= min
      ? opSizeMoments(op)
      : momentsCount(agent.slab.data, agent.at + AGENT_SIZE_AT) >= min
        ? agentSizeMoments(agent)
        : undefined;
  if (agent.mature) return own;
  const peers = momentsCount(op.population.size, 0) >= min ? op.population.size : undefined;
  if (peers === undefined || own === undefined) return peers ?? own;
  return momentsMean(peers, 0) >= momentsMean(own, 0) ? peers : own;
}

/** payload_size over a window: bytes returned in the window far above the agent's usual for this hour. */
export function detectWindowBytes(
  closed: ClosedWindow,
  expectation: Expectation,
  surge: number,
): { draft: AnomalyDraft | undefined; excess: Excess } {
  const { agent, start, end, window, config, scale } = closed;
  const mean = expectation.mean * surge;
  const sd = Math.max(expectation.sd * surge, mean * config.bytesSdFloorFraction, 1);
  const excess = judgeExcess(window.bytes, mean, sd, {
    minRatio: scale.windowBytesMinRatio,
    minZ: config.windowBytesMinZ,
    minAbsolute: Math.max(
      scale.windowBytesMin,
      (expectation.peak ?? 0) * surge * config.windowBytesPeakRatio,
    ),
    learnMaxZ: config.windowLearnMaxZ,
  });
  if (!excess.fires || window.payloadReported) return { draft: undefined, excess };
  const usual = formatMeanSd(mean, sd, formatBytes);
  const whose = describeExpectationSource(expectation, start, config.utcOffsetMinutes, end - start);
  return {
    excess,
    draft: {
      kind: 'payload_size',
      agentId: agent.id,
      anchor: start,
      key: `${scale.keyPrefix}window`,
      cause: 'bytes',
      eventTimeMs: judgedAtMs(closed),
      log10P: excess.log10P,
      observed: `${formatBytes(window.bytes)} in ${describeSpan(closed)}`,
      expected: usual,
      explanation: `agent ${agent.id} received ${formatBytes(window.bytes)} in ${describeSpan(closed)}; ${whose} is ${usual}; check what data left and whether the agent should have it`,
      evidenceEventIds: largestEvidence(window),
    },
  };
}
