import type { CoreAnomaly } from '@vigil/detectors';
import { Random } from './random';
import { createCorePipeline, type ReplayOptions } from './replay';
import { HOUR_MS } from './rhythm';
import type { Scenario } from './scenario';

export interface PartitionBatchOptions extends ReplayOptions {
  /** Audit events per consumer batch (kafkajs hands a partition's messages over in batches). */
  batchSize: number;
  /** Chooses which partition's next batch goes next. */
  seed: number;
  /** How far (event time) a partition's next batch may start ahead of the slowest partition's. */
  maxDriftMs?: number;
}

const DEFAULT_MAX_DRIFT_MS = 2 * HOUR_MS;

/**
 * Replays a scenario the way the pipeline reads it: each partition's audit events in its own
 * delivery order, in batches of `batchSize`, the next batch taken from a seeded-random partition (the
 * slowest one when the chosen one has drifted `maxDriftMs` ahead), so partitions run up to a couple of
 * hours of event time apart. Before each batch the identity stream is read up to the batch's newest
 * delivery (the enricher waits for it), so identity stays ahead of every partition. The engine is told
 * which partitions still have unread input, as the detector service does from consumer lag.
 */
export function replayInPartitionBatches(
  scenario: Scenario,
  options: PartitionBatchOptions,
): CoreAnomaly[] {
  const { batchSize, seed } = options;
  const maxDriftMs = options.maxDriftMs ?? DEFAULT_MAX_DRIFT_MS;
  const pipeline = createCorePipeline(options);
  const random = new Random(seed);

  // Each partition's audit deliveries, with their position in the interleaved delivery order.
  const queues = new Map<number, number[]>();
  const positionOf: number[] = [];
  scenario.deliveries.forEach(({ topic, index }, position) => {
    if (topic !== 'audit') return;
    const delivered = scenario.audit[index];
    if (!delivered) return;
    positionOf[index] = position;
    let queue = queues.get(delivered.partition);
    if (queue === undefined) {
      queue = [];
      queues.set(delivered.partition, queue);
    }
    queue.push(index);
  });
  const partitions = [...queues.keys()].sort((a, b) => a - b);
  const read = new Map(partitions.map((p) => [p, 0]));
  for (const p of partitions) pipeline.engine.setPartitionBacklog(p, true);

  let deliveryRead = 0;
  const readIdentityUpTo = (position: number) => {
    for (; deliveryRead <= position && deliveryRead < scenario.deliveries.length; deliveryRead++) {
      const { topic, index } = scenario.deliveries[deliveryRead] as Scenario['deliveries'][number];
      const event = topic === 'identity' ? scenario.identity[index] : undefined;
      if (event) pipeline.offerIdentity(event);
    }
  };
  const headTime = (p: number): number => {
    const index = (queues.get(p) as number[])[read.get(p) ?? 0];
    const delivered = index === undefined ? undefined : scenario.audit[index];
    return delivered ? Date.parse(delivered.event.time) : Number.POSITIVE_INFINITY;
  };

  for (;;) {
    const open = partitions.filter((p) => (read.get(p) ?? 0) < (queues.get(p) as number[]).length);
    if (open.length === 0) break;
    const slowest = open.reduce((a, b) => (headTime(b) < headTime(a) ? b : a));
    const chosen = random.pick(open);
    const partition = headTime(chosen) - headTime(slowest) > maxDriftMs ? slowest : chosen;
    const queue = queues.get(partition) as number[];
    const from = read.get(partition) ?? 0;
    const batch = queue.slice(from, from + batchSize);
    read.set(partition, from + batch.length);
    readIdentityUpTo(Math.max(...batch.map((index) => positionOf[index] ?? 0)));
    for (const index of batch) {
      const delivered = scenario.audit[index];
      if (delivered) pipeline.offerAudit(delivered.event, delivered.partition);
    }
    if (from + batch.length >= queue.length) pipeline.engine.setPartitionBacklog(partition, false);
  }
  readIdentityUpTo(Number.POSITIVE_INFINITY);
  return pipeline.finish();
}
