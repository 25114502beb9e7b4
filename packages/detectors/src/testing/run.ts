import type { CoreAnomaly } from '../anomaly';
import type { DetectionConfigInput } from '../config';
import { createDetectionEngine, type DetectionEngine, type DetectorInput } from '../engine';

/** Feeds a stream to a fresh engine (or the given one) and returns every anomaly, flush included. */
export function runStream(
  inputs: readonly DetectorInput[],
  config: DetectionConfigInput = {},
  engine?: DetectionEngine,
): CoreAnomaly[] {
  const target = engine ?? createDetectionEngine(config);
  const anomalies: CoreAnomaly[] = [];
  for (const input of inputs) anomalies.push(...target.ingest(input).anomalies);
  anomalies.push(...target.flush());
  return anomalies;
}

/** The latest version of each anomaly, in the order the anomalies first appeared: what a reader of `anomalies_latest` sees. */
export function latestVersions(anomalies: readonly CoreAnomaly[]): CoreAnomaly[] {
  const latest = new Map<string, CoreAnomaly>();
  for (const anomaly of anomalies) latest.set(anomaly.anomalyId, anomaly);
  return [...latest.values()];
}

/**
 * Feeds per-partition streams the way a consumer reads them: `next` picks the partition whose next
 * `batch` events go in, from each partition's head event time. Every partition is backlogged until
 * its stream is drained, as the detector service says from consumer lag, so no interleaving makes
 * an event late. Returns every anomaly, flush included.
 */
export function runInterleaved(
  inputs: readonly DetectorInput[],
  next: (heads: ReadonlyMap<number, number>) => number,
  batch: number,
  config: DetectionConfigInput = {},
): CoreAnomaly[] {
  const engine = createDetectionEngine(config);
  const queues = new Map<number, DetectorInput[]>();
  for (const input of inputs) {
    const queue = queues.get(input.partition) ?? [];
    queue.push(input);
    queues.set(input.partition, queue);
  }
  for (const partition of queues.keys()) engine.setPartitionBacklog(partition, true);
  const read = new Map([...queues.keys()].map((partition) => [partition, 0]));
  const anomalies: CoreAnomaly[] = [];
  for (;;) {
    const heads = new Map<number, number>();
    for (const [partition, queue] of queues) {
      const head = queue[read.get(partition) ?? 0];
      if (head !== undefined) heads.set(partition, Date.parse(head.event.time));
    }
    if (heads.size === 0) break;
    const partition = next(heads);
    const from = read.get(partition) ?? 0;
    const queue = queues.get(partition) as DetectorInput[];
    for (const input of queue.slice(from, from + batch))
      anomalies.push(...engine.ingest(input).anomalies);
    read.set(partition, from + batch);
    if (from + batch >= queue.length) engine.setPartitionBacklog(partition, false);
  }
  anomalies.push(...engine.flush());
  return anomalies;
}

/**
 * Each cause as a reader of anomalies_latest sees it, by anomaly id: kind, agent, latest version and
 * count. A server's change names the first caller an engine met, which may differ: not compared.
 */
export function causes(anomalies: readonly CoreAnomaly[]): Map<string, string> {
  return new Map(
    latestVersions(anomalies).map((a) => [
      a.anomalyId,
      `${a.kind} ${a.kind === 'tool_definition_changed' ? '' : a.agentId} v${a.version} ×${a.count}`,
    ]),
  );
}

/** The causes that differ between two runs (`causes`), as "first run | second run" ("-": absent). */
export function differing(a: Map<string, string>, b: Map<string, string>): string[] {
  const ids = new Set([...a.keys(), ...b.keys()]);
  return [...ids]
    .filter((id) => a.get(id) !== b.get(id))
    .map((id) => `${a.get(id) ?? '-'} | ${b.get(id) ?? '-'}`)
    .sort();
}
