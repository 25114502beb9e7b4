import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The instruments every pipeline service exposes on /metrics. */
export interface PipelineMetrics {
  registry: Registry;
  messagesIn: Counter<'topic'>;
  accepted: Counter<'topic'>;
  duplicates: Counter<'topic'>;
  deadLettered: Counter<'topic'>;
  late: Counter<'topic'>;
  batchSeconds: Histogram<'topic'>;
  consumerLag: Gauge<'topic' | 'partition'>;
  outages: Counter<'store'>;
  outageRetries: Counter<'store'>;
  storeUnavailable: Gauge<'store'>;
}

export function createPipelineMetrics(service: string): PipelineMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
  const registers = [registry];
  return {
    registry,
    messagesIn: new Counter({
      name: 'vigil_messages_in_total',
      help: 'Messages read from Kafka',
      labelNames: ['topic'],
      registers,
    }),
    accepted: new Counter({
      name: 'vigil_messages_accepted_total',
      help: 'Messages accepted and stored',
      labelNames: ['topic'],
      registers,
    }),
    duplicates: new Counter({
      name: 'vigil_duplicates_total',
      help: 'Messages dropped as duplicates of an earlier event id',
      labelNames: ['topic'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'vigil_dead_lettered_total',
      help: 'Messages sent to the dead-letter topic',
      labelNames: ['topic'],
      registers,
    }),
    late: new Counter({
      name: 'vigil_late_events_total',
      help: 'Events later than the allowed lateness: stored, not scored',
      labelNames: ['topic'],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'vigil_batch_seconds',
      help: 'Time to decode, store and commit one batch',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    consumerLag: new Gauge({
      name: 'vigil_consumer_lag',
      help: 'Messages behind the partition end after the last batch',
      labelNames: ['topic', 'partition'],
      registers,
    }),
    outages: new Counter({
      name: 'vigil_outages_total',
      help: 'Times a store (clickhouse, kafka) became unreachable and consumption paused',
      labelNames: ['store'],
      registers,
    }),
    outageRetries: new Counter({
      name: 'vigil_outage_retries_total',
      help: 'Attempts that found a store unreachable',
      labelNames: ['store'],
      registers,
    }),
    storeUnavailable: new Gauge({
      name: 'vigil_store_unavailable',
      help: '1 while a store is unreachable and consumption is paused',
      labelNames: ['store'],
      registers,
    }),
  };
}
