import {
  createDetectionEngine,
  type CoreAnomaly,
  type DetectionConfigInput,
  type DetectionEngine,
  type DetectorInput,
} from '@vigil/detectors';
import { replayInPartitionBatches, type PartitionBatchOptions } from './partition-batches';
import type { Scenario } from './scenario';

/** One message of the enriched topic as the detector reads it: its input and its offset in its partition. */
export interface EnrichedMessage {
  input: DetectorInput;
  offset: number;
}

/**
 * What the detection engine is fed when a scenario is read in partition batches (the enriched topic in
 * the order the detector consumes it), each input numbered per partition like a Kafka offset.
 */
export function recordEnrichedStream(
  scenario: Scenario,
  options: PartitionBatchOptions,
): EnrichedMessage[] {
  const messages: EnrichedMessage[] = [];
  const next = new Map<number, number>();
  const unsupported = () => {
    throw new Error('not recorded');
  };
  const recorder: DetectionEngine = {
    ingest(input) {
      const offset = next.get(input.partition) ?? 0;
      next.set(input.partition, offset + 1);
      messages.push({ input, offset });
      return { anomalies: [], late: false };
    },
    reassess: unsupported,
    setPartitionBacklog: () => undefined,
    assignPartitions: () => undefined,
    flush: () => [],
    watermark: () => undefined,
    snapshotAgent: unsupported,
    restoreAgent: unsupported,
    dropAgent: unsupported,
    setRemoteAgent: unsupported,
    takeDirtyAgents: () => [],
    takeEvictedAgents: () => [],
    stats: unsupported,
  };
  replayInPartitionBatches(scenario, { ...options, engine: recorder });
  return messages;
}

export interface RestartPlan {
  /** Messages consumed before the detector is killed. */
  cutAt: number;
  /** State is saved (and offsets committed as far as it covers) after every this many messages; Infinity: at the cut only. */
  saveEvery: number;
}

interface Position {
  partition: number;
  offset: number;
}

/**
 * Feeds the enriched stream to the engine as the detector service does, killing it once: agent state
 * is saved every `saveEvery` messages (the agents changed since the last save, each tagged with its
 * newest applied input) and offsets are committed as far as saved state covers. After the kill a new
 * engine restores every saved agent through JSON and each partition is read again from its committed
 * offset, skipping input at or before the position an agent's saved state reflects. Returns every
 * anomaly, each id once (the service stores an anomaly id once).
 */
export function replayWithRestart(
  messages: readonly EnrichedMessage[],
  detection: DetectionConfigInput,
  plan?: RestartPlan,
): CoreAnomaly[] {
  const found = new Map<string, CoreAnomaly>();
  const keep = (anomalies: readonly CoreAnomaly[]) => {
    for (const anomaly of anomalies)
      if (!found.has(anomaly.anomalyId)) found.set(anomaly.anomalyId, anomaly);
  };
  const lastOffset = new Map<number, number>();
  for (const { input, offset } of messages) lastOffset.set(input.partition, offset);

  let engine = createDetectionEngine(detection);
  const feed = (stream: readonly EnrichedMessage[], skip: (m: EnrichedMessage) => boolean) => {
    for (const p of new Set(stream.map((m) => m.input.partition)))
      engine.setPartitionBacklog(p, true);
    const onSave = (consumed: number) => {
      if (plan && consumed % plan.saveEvery === 0) save();
    };
    let consumed = 0;
    for (const message of stream) {
      const { input, offset } = message;
      if (!skip(message)) {
        keep(engine.ingest(input).anomalies);
        appliedSinceSave.set(input.event.agentId, { partition: input.partition, offset });
      }
      consumedThrough.set(input.partition, offset);
      if (offset === lastOffset.get(input.partition))
        engine.setPartitionBacklog(input.partition, false);
      consumed++;
      onSave(consumed);
      if (plan && stream === messages && consumed === plan.cutAt) return consumed;
    }
    return consumed;
  };

  const saved = new Map<string, { at: Position; json: string }>();
  const appliedSinceSave = new Map<string, Position>();
  const consumedThrough = new Map<number, number>();
  const savedThrough = new Map<number, number>();
  const save = () => {
    for (const agentId of engine.takeDirtyAgents()) {
      const at = appliedSinceSave.get(agentId) ?? saved.get(agentId)?.at;
      if (!at) continue;
      saved.set(agentId, { at, json: JSON.stringify(engine.snapshotAgent(agentId)) });
    }
    appliedSinceSave.clear();
    for (const [p, offset] of consumedThrough) savedThrough.set(p, offset);
  };

  if (plan === undefined) {
    feed(messages, () => false);
    keep(engine.flush());
    return [...found.values()];
  }

  feed(messages, () => false);
  if (!Number.isFinite(plan.saveEvery)) save();

  // Killed: whatever was not saved is lost. A new engine restores every saved agent.
  engine = createDetectionEngine(detection);
  appliedSinceSave.clear();
  consumedThrough.clear();
  for (const [agentId, { json }] of saved) engine.restoreAgent(agentId, JSON.parse(json));
  const rest = messages.filter((m) => m.offset > (savedThrough.get(m.input.partition) ?? -1));
  const skipped = (m: EnrichedMessage) => {
    const at = saved.get(m.input.event.agentId)?.at;
    return at !== undefined && m.offset <= at.offset;
  };
  feed(rest, skipped);
  keep(engine.flush());
  return [...found.values()];
}
