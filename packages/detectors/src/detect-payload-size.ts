import {
  log10Size,
  observeMoments,
  sizeExpectation,
  type Expectation,
  type SizeExpectation,
} from '@vigil/baselines';
import type { AgentState, OpState } from './agent-state';
import type { AnomalyDraft } from './anomaly';
import type { DetectionConfig } from './config';
import { firstReportInWindow, type EventContext } from './event-context';
import { judgeExcess, type Excess } from './excess';
import { describeExpectationSource, formatBytes, formatDuration, formatMeanSd } from './format';
import { normalUpperTailLog10 } from './score';
import { largestEvidence, type WindowAggregate } from './window-aggregate';

/**
 * payload_size for one call: a response far above the typical size of this
 * operation (or of the agent's calls, or for a warming-up agent of its peers'
 * calls to the same operation), on a log scale. Reported once per agent per
 * window. Returns the draft and whether it fired; the call is learned only
 * when it did not.
 */
export function detectCallPayload(ctx: EventContext, decay: number): AnomalyDraft | undefined {
  const bytes = ctx.event.responseBytes;
  if (bytes === undefined) return undefined;
  const { agent, op, config } = ctx;
  const logBytes = log10Size(bytes);
  const baseline = callSizeBaseline(agent, op, config);
  if (baseline !== undefined && bytes >= config.payloadMinBytes && bytes >= baseline.typicalBytes * config.payloadMinRatio) {
    const z = (logBytes - baseline.meanLog) / Math.max(baseline.sdLog, config.payloadSdLogFloor);
    if (z >= config.payloadMinZ) {
      if (!firstReportInWindow(agent, ctx.windowStart, 'payload_size\u0000call')) return undefined;
      const { event } = ctx;
      const typical = formatBytes(baseline.typicalBytes);
      return {
        kind: 'payload_size',
        agentId: agent.id,
        anchor: ctx.windowStart,
        key: 'call',
        eventTime: event.time,
        log10P: normalUpperTailLog10(z),
        observed: `${formatBytes(bytes)} in one call`,
        expected: `about ${typical} per call`,
        explanation: `agent ${agent.id} received ${formatBytes(bytes)} from ${op.name} on ${op.server.id} in one call, where about ${typical} is usual; check what data left and whether the agent should have it`,
        evidenceEventIds: [event.eventId],
      };
    }
  }
  observeMoments(op.size, 0, logBytes, decay);
  observeMoments(agent.size, 0, logBytes, decay);
  if (agent.mature) observeMoments(op.population.size, 0, logBytes, decay);
  return undefined;
}

function callSizeBaseline(agent: AgentState, op: OpState, config: DetectionConfig): SizeExpectation | undefined {
  const own = trusted(sizeExpectation(op.size, 0), config) ?? trusted(sizeExpectation(agent.size, 0), config);
  if (agent.mature) return own;
  const peers = trusted(sizeExpectation(op.population.size, 0), config);
  if (peers === undefined || own === undefined) return peers ?? own;
  return peers.typicalBytes >= own.typicalBytes ? peers : own;
}

function trusted(expectation: SizeExpectation, config: DetectionConfig): SizeExpectation | undefined {
  return expectation.samples >= config.minSizeSamples ? expectation : undefined;
}

/** payload_size over a window: bytes returned in the window far above the agent's usual for this hour. */
export function detectWindowBytes(
  agent: AgentState,
  start: number,
  end: number,
  window: WindowAggregate,
  expectation: Expectation,
  surge: number,
  config: DetectionConfig,
): { draft: AnomalyDraft | undefined; excess: Excess } {
  const mean = expectation.mean * surge;
  const sd = Math.max(expectation.sd * surge, mean * config.bytesSdFloorFraction, 1);
  const excess = judgeExcess(window.bytes, mean, sd, {
    minRatio: config.windowBytesMinRatio,
    minZ: config.windowBytesMinZ,
    minAbsolute: config.windowBytesMin,
  });
  if (!excess.fires || window.payloadReported) return { draft: undefined, excess };
  const usual = formatMeanSd(mean, sd, formatBytes);
  const whose = describeExpectationSource(expectation, start, config.utcOffsetMinutes);
  return {
    excess,
    draft: {
      kind: 'payload_size',
      agentId: agent.id,
      anchor: start,
      key: 'window',
      eventTime: new Date(end).toISOString(),
      log10P: excess.log10P,
      observed: `${formatBytes(window.bytes)} in ${formatDuration(end - start)}`,
      expected: usual,
      explanation: `agent ${agent.id} received ${formatBytes(window.bytes)} in ${formatDuration(end - start)}; ${whose} is ${usual}; check what data left and whether the agent should have it`,
      evidenceEventIds: largestEvidence(window),
    },
  };
}
